/**
 * The lint rules that hold the architecture (eslint.config.mjs) catch what they
 * are meant to: a small tree of files that break each rule once, and files that
 * keep them, linted with the project's own config in a child process (ESLint
 * loads its config as an ES module, which jest's module system cannot).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.join(__dirname, '../..');

const FILES: Record<string, string> = {
  'server/app.ts': 'export const createApp = () => 1;\n',
  'server/main.ts': "import { createApp } from './app';\nexport const app = createApp();\n",
  'server/deps.ts': "import type { Store } from './store/types';\nexport interface AppDeps { store: Store }\n",
  'server/compose.ts': "import { createApp } from './app';\nexport const composed = createApp();\n",
  'server/store/types.ts': 'export interface Store { kind: string }\nexport const EMPTY = 0;\n',
  'server/store/index.ts': 'export const openStore = () => 1;\n',
  'server/store/reachesUp.ts': "import { rule } from '../services/rules';\nexport const up = rule;\n",
  'server/store/sendsMail.ts': "import { send } from '../mail/transport';\nexport const s = send;\n",
  'server/store/embedded.ts': "import Database from 'better-sqlite3';\nexport const db = Database;\n",
  'server/mail/transport.ts': 'export const send = () => 1;\n',
  'server/services/rules.ts': "import type { Store } from '../store/types';\nexport const rule = (s: Store) => s.kind;\n",
  'server/services/usesExpress.ts': "import express from 'express';\nexport const app = express;\n",
  'server/services/usesDriver.ts': "import Database from 'better-sqlite3';\nexport const db = Database;\n",
  'server/services/callsHttp.ts': "import { route } from '../http/route';\nexport const r = route;\n",
  'server/services/usesSocketIo.ts': "import { Server } from 'socket.io';\nexport const s = Server;\n",
  'server/services/usesMongo.ts': "import { MongoClient } from 'mongodb';\nexport const m = MongoClient;\n",
  'server/services/usesAdapter.ts': "import { db } from '../store/embedded';\nexport const d = db;\n",
  'server/services/usesDeps.ts': "import type { AppDeps } from '../deps';\nexport const storeOf = (d: AppDeps) => d.store;\n",
  'server/http/route.ts':
    "import type { Store } from '../store/types';\nimport { rule } from '../services/rules';\nexport const route = (s: Store) => rule(s);\n",
  'server/http/opensStore.ts': "import { openStore } from '../store';\nexport const s = openStore;\n",
  'server/http/usesDriver.ts': "import { MongoClient } from 'mongodb';\nexport const m = MongoClient;\n",
  'server/http/usesExpress.ts': "import { Router } from 'express';\nimport type { AppDeps } from '../deps';\nexport const r = (_d: AppDeps) => Router();\n",
  'server/http/importsApp.ts': "import { createApp } from '../app';\nexport const a = createApp;\n",
  'test/helpers/importsApp.ts': "import { createApp } from '../../server/app';\nexport const a = createApp;\n",
  'scripts/importsApp.ts': "import { createApp } from '../server/app';\nexport const a = createApp;\n",
  'test/helpers/composes.ts': "import { composed } from '../../server/compose';\nexport const c = composed;\n",
  'server/services/forgetsAwait.ts': 'export async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n',
  'server/services/awaits.ts': "import { save } from './forgetsAwait';\nexport async function run(): Promise<void> {\n  await save();\n  void save();\n}\n",
  'server/services/ping.ts': "import { pong } from './pong';\nexport const ping = () => pong;\n",
  'server/services/pong.ts': "import { ping } from './ping';\nexport const pong = () => ping;\n",
  'server/services/typeA.ts': "import type { B } from './typeB';\nexport interface A { b?: B }\nexport const a = 1;\n",
  'server/services/typeB.ts': "import { a } from './typeA';\nexport interface B { n: number }\nexport const b = a;\n",
  'server/services/calendar.ts':
    'export const DAY_MS = 86_400_000;\nexport function addDays(day: string, n: number): string {\n  const d = new Date(`${day}T00:00:00Z`);\n  d.setUTCDate(d.getUTCDate() + n);\n  return d.toISOString().slice(0, 10);\n}\n',
  'server/services/dayLiteral.ts':
    'export const inAWeek = (now: number) => now + 7 * 86_400_000;\nexport const later = (now: number, days: number) => now + days * 86400000;\n',
  'server/http/dayProducts.ts': 'export const DAY = 24 * 60 * 60 * 1000;\nexport const WEEK = 7 * 24 * 3600_000;\nexport const SHORT = 864e5;\n',
  'scripts/setsDate.ts': 'export function tomorrow(d: Date): Date {\n  d.setDate(d.getDate() + 1);\n  return d;\n}\n',
  'test/helpers/addsUtcDays.ts': 'export function ahead(d: Date, n: number): Date {\n  d.setUTCDate(d.getUTCDate() + n);\n  return d;\n}\n',
  'server/services/usesCalendar.ts':
    "import { DAY_MS, addDays } from './calendar';\nexport const next = (day: string) => addDays(day, 1);\nexport const HOUR = 60 * 60 * 1000;\nexport const later = (now: number) => now + 3 * DAY_MS;\nexport const ids = 86_400_001;\nexport const t = (d: Date) => d.setHours(0);\n",
};

let problems: Record<string, string[]>;
let messages: Record<string, string[]>;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-lint-'));
  try {
    for (const file of ['eslint.config.mjs', 'tsconfig.json', 'tsconfig.test.json']) fs.copyFileSync(path.join(repo, file), path.join(dir, file));
    fs.cpSync(path.join(repo, 'lint'), path.join(dir, 'lint'), { recursive: true });
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    for (const [file, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const run = spawnSync(process.execPath, [path.join(repo, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '.'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 10 * 1024 * 1024,
    });
    if (!run.stdout.startsWith('[')) throw new Error(`eslint did not run: ${run.stderr || run.stdout}`);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
    problems = Object.fromEntries(results.map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => m.ruleId ?? 'fatal')]));
    messages = Object.fromEntries(results.map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => m.message)]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const LAYER = '@typescript-eslint/no-restricted-imports';
const CYCLE = 'servicestar/no-import-cycle';

const messageOf = (file: string) => messages[file]?.join('\n') ?? '';

test('the store may not import a service or a mail module, and may use its own driver', () => {
  expect(problems['server/store/reachesUp.ts']).toEqual([LAYER]);
  expect(problems['server/store/sendsMail.ts']).toEqual([LAYER]);
  expect(problems['server/store/embedded.ts']).toEqual([]);
  expect(messageOf('server/store/reachesUp.ts')).toContain('server/store is the bottom layer');
});

test('a service may not import express, socket.io, a database driver, a store adapter or an http module', () => {
  for (const file of ['usesExpress', 'usesDriver', 'usesSocketIo', 'usesMongo', 'callsHttp', 'usesAdapter'])
    expect(problems[`server/services/${file}.ts`]).toEqual([LAYER]);
  expect(messageOf('server/services/usesExpress.ts')).toContain('keep express and socket.io in server/http or server/realtime');
  expect(messageOf('server/services/usesAdapter.ts')).toContain('services use the store interface (server/store/types.ts), never an adapter');
  expect(problems['server/services/usesDeps.ts']).toEqual([]);
});

test('a route reaches the store through services and uses no driver; a type import of the store is fine', () => {
  expect(problems['server/http/opensStore.ts']).toEqual([LAYER]);
  expect(messageOf('server/http/opensStore.ts')).toContain('routes reach the store only through services: call (or add) a function in server/services');
  expect(problems['server/http/usesDriver.ts']).toEqual([LAYER]);
  expect(problems['server/http/route.ts']).toEqual([]);
  expect(problems['server/http/usesExpress.ts']).toEqual([]);
  expect(problems['server/services/rules.ts']).toEqual([]);
});

test('only main.ts and the composition root import app.ts; tests and scripts build through the composition root', () => {
  expect(problems['server/http/importsApp.ts']).toEqual([LAYER]);
  expect(problems['test/helpers/importsApp.ts']).toEqual([LAYER]);
  expect(problems['scripts/importsApp.ts']).toEqual([LAYER]);
  expect(problems['server/main.ts']).toEqual([]);
  expect(problems['server/compose.ts']).toEqual([]);
  expect(problems['test/helpers/composes.ts']).toEqual([]);
  expect(messageOf('server/http/importsApp.ts')).toContain(
    'only server/compose.ts (and main.ts) import server/app.ts. Build the app with composeApp/composeServer from server/compose.ts',
  );
});

test('an import cycle is reported on each of its files with the whole chain; a type-only import closes no cycle', () => {
  expect(problems['server/services/ping.ts']).toEqual([CYCLE]);
  expect(problems['server/services/pong.ts']).toEqual([CYCLE]);
  expect(messageOf('server/services/ping.ts')).toBe('import cycle: server/services/ping.ts → server/services/pong.ts → server/services/ping.ts');
  expect(problems['server/services/typeA.ts']).toEqual([]);
  expect(problems['server/services/typeB.ts']).toEqual([]);
});

test('a promise nobody awaits is an error; awaited or explicitly dropped with void it is fine', () => {
  expect(problems['server/services/forgetsAwait.ts']).toEqual(['@typescript-eslint/no-floating-promises']);
  expect(problems['server/services/awaits.ts']).toEqual([]);
});

const DAYS = 'servicestar/day-arithmetic';

test('day arithmetic outside the calendar module is an error: a day in milliseconds in any spelling, and Date#setDate/setUTCDate', () => {
  expect(problems['server/services/dayLiteral.ts']).toEqual([DAYS, DAYS]);
  expect(problems['server/http/dayProducts.ts']).toEqual([DAYS, DAYS, DAYS]);
  expect(problems['scripts/setsDate.ts']).toEqual([DAYS]);
  expect(problems['test/helpers/addsUtcDays.ts']).toEqual([DAYS]);
  expect(messageOf('server/services/dayLiteral.ts')).toContain('import DAY_MS (or addDays, daysBetween, dayOf …) from server/services/calendar.ts');
  expect(messageOf('scripts/setsDate.ts')).toContain(
    'Date#setDate arithmetic adds days by hand: use addDays / addMonths / addYears from server/services/calendar.ts',
  );
});

test('the calendar module itself, and code that imports its helpers and constants, are left alone', () => {
  expect(problems['server/services/calendar.ts']).toEqual([]);
  expect(problems['server/services/usesCalendar.ts']).toEqual([]);
});
