/**
 * Tests run from TypeScript sources through ts-jest without per-file type
 * checking (tsconfig.json sets isolatedModules, so each file is transpiled alone:
 * fast); `npm run typecheck` checks their types.
 * Every suite builds its own world (temp DATA_DIR, port 0), so files run in
 * parallel workers; timeouts are sized for a loaded 2-core machine
 * (test/helpers/timeouts.ts): 2 minutes by default, more for browsers and proofs.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/test/helpers/timeouts.setup.ts', '<rootDir>/test/helpers/hashCost.setup.ts'],
  testTimeout: 120_000,
};
