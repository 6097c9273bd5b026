/**
 * Lint and layer rules, run by `npm test` before jest (`npm run lint`). The
 * layer rules say in code what docs/architecture says in words, so a change
 * that breaks them fails the build instead of waiting for a reviewer:
 *   server/store     the store interface and its adapters: imports no service, http, realtime or mail
 *   server/services  the use cases: no http or realtime, no express, socket.io or database driver
 *   server/http      thin routes: reaches the store only through services (type imports excepted)
 *   server/app.ts    built only by the composition root (server/compose.ts), which main.ts, tests and scripts use
 * Import cycles between our modules are forbidden everywhere (lint/no-import-cycle.mjs).
 * Day arithmetic (a day's milliseconds, Date#setDate) lives only in server/services/calendar.ts (lint/day-arithmetic.mjs).
 * Each message says what to do instead. Layout (line length, quotes, commas) is
 * prettier's job (`npm run format`), not eslint's: the rules here are about correctness.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import dayArithmetic from './lint/day-arithmetic.mjs';
import noImportCycle from './lint/no-import-cycle.mjs';

/** A relative specifier that enters one of these folders (e.g. '../../http/x'). */
const intoFolder = (...names) => `^\\.{1,2}/(.*/)?(${names.join('|')})(/|$)`;

const APP = {
  regex: '^(\\./|(\\.\\./)+)(server/)?app$',
  message:
    'only server/compose.ts (and main.ts) import server/app.ts. Build the app with composeApp/composeServer from server/compose.ts; take AppDeps from server/deps.ts and the route module lists from server/http/routeModules.ts.',
};
const DRIVERS_AND_TRANSPORTS = ['express', 'express/*', 'express-session', 'socket.io', 'socket.io/*', 'mongodb', 'mongodb/*', 'better-sqlite3'];

/** One no-restricted-imports per folder: a later block replaces an earlier one's options, so each lists all of its rules. */
function restrict(files, patterns, { typesAllowed = [] } = {}) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [APP, ...patterns, ...typesAllowed.map((p) => ({ ...p, allowTypeImports: true }))],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-output/**', 'coverage/**', 'client/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    // Type information for the promise rules: one program over server, scripts and tests (as `npm run typecheck`).
    languageOptions: { parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname } },
    plugins: { servicestar: { rules: { 'no-import-cycle': noImportCycle, 'day-arithmetic': dayArithmetic } } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'servicestar/no-import-cycle': 'error',
      // Day arithmetic has one home, server/services/calendar.ts (turned off there, below).
      'servicestar/day-arithmetic': 'error',
      // A `let` read by a callback made before its one assignment (server/watchedStore.ts) cannot be a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // A store write or mail send nobody awaits can fail unseen or land outside its transaction.
      '@typescript-eslint/no-floating-promises': 'error',
      // Express 5 awaits async handlers, so a promise where a callback is expected is fine; a promise as a condition is not.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  restrict(['**/*.ts'], []),
  restrict(
    ['server/store/**/*.ts'],
    [
      {
        regex: intoFolder('services', 'http', 'realtime', 'mail'),
        message:
          'server/store is the bottom layer: it imports no service, http, realtime or mail module. Move what both sides need into server/store (or a plain module such as server/errors.ts) and let the upper layer pass anything else in.',
      },
    ],
  ),
  restrict(
    ['server/services/**/*.ts'],
    [
      {
        group: DRIVERS_AND_TRANSPORTS,
        message:
          'services are transport- and driver-free: keep express and socket.io in server/http or server/realtime, and database drivers in server/store. Take plain values as parameters, reach data through the store interface (server/store/types.ts).',
      },
      {
        regex: intoFolder('http', 'realtime'),
        message:
          'services are called by http and realtime, never the other way round. Move the shared code into server/services (or a plain module under server/) and import it from both.',
      },
      {
        regex: `${intoFolder('store')}.*(mongo|embedded)`,
        message:
          'services use the store interface (server/store/types.ts), never an adapter. A missing store feature goes into both adapters and the contract suite (test/contract/).',
      },
    ],
  ),
  restrict(
    ['server/http/**/*.ts'],
    [
      {
        group: ['mongodb', 'mongodb/*', 'better-sqlite3'],
        message: 'routes reach data through services, never a database driver: call (or add) a function in server/services.',
      },
    ],
    {
      typesAllowed: [
        {
          regex: intoFolder('store'),
          message:
            "routes reach the store only through services: call (or add) a function in server/services. A type import (`import type { … } from '…/store/types'`) is fine.",
        },
      ],
    },
  ),
  { files: ['server/main.ts', 'server/compose.ts'], rules: { '@typescript-eslint/no-restricted-imports': 'off' } },
  { files: ['server/services/calendar.ts'], rules: { 'servicestar/day-arithmetic': 'off' } },
);
