/**
 * Tests run from TypeScript sources through ts-jest without per-file type
 * checking (isolatedModules: fast); `npm run typecheck` checks their types.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  testTimeout: 30000,
};
