/**
 * Tests run from TypeScript sources through ts-jest without per-file type
 * checking (tsconfig.json sets isolatedModules, so each file is transpiled alone:
 * fast); `npm run typecheck` checks their types.
 * Every suite builds its own world (temp DATA_DIR, port 0), so files run in
 * parallel workers; timeouts are sized for a loaded 2-core machine
 * (test/helpers/timeouts.ts): 2 minutes by default, more for browsers and proofs.
 * test/helpers/run.setup.ts puts the run's temporary files in memory (no fsync waits on a
 * busy disk) and shares one Chromium, launched when the first browser suite asks for it;
 * each suite makes its own contexts on it.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // Heavy packages most suites never use load on first use (test/helpers/lazyModule.ts).
  moduleNameMapper: Object.fromEntries(['playwright-core', 'exceljs', 'nodemailer'].map((name) => [`^${name}$`, `<rootDir>/test/helpers/lazy/${name}.ts`])),
  // Known-heavy suites start first even without jest's timing cache (a fresh clone).
  testSequencer: '<rootDir>/test/helpers/sequencer.js',
  globalSetup: '<rootDir>/test/helpers/run.setup.ts',
  globalTeardown: '<rootDir>/test/helpers/run.teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/helpers/timeouts.setup.ts', '<rootDir>/test/helpers/hashCost.setup.ts'],
  testTimeout: 120_000,
};
