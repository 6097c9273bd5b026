/**
 * A server that cannot start says why in one line (what is wrong, what to do) and
 * exits non-zero: 2 for configuration, 1 for the rest. Never a stack trace.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runToExit, SERVER, type RunOptions } from '../helpers/processes';

jest.setTimeout(120_000);

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-start-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const base = () => ({ DATA_DIR: path.join(dir, 'data'), HOST: '127.0.0.1', PORT: '0', SEED_DEMO: 'never', NODE_ENV: 'production', LOG_LEVEL: 'warn' });

async function refusal(env: Record<string, string>, opts: Partial<RunOptions> = {}) {
  const run = await runToExit(SERVER, { env: { ...base(), ...env }, ...opts });
  const lines = run.stderr.trim().split('\n');
  expect(run.stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(run.stdout).not.toContain('ServiceStar is running');
  return { code: run.code, lines };
}

const secretFile = () => path.join(dir, 'data', 'session-secret');
const writeSecret = (content: string) => {
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.writeFileSync(secretFile(), content, 'latin1');
};

test('a 3-character SESSION_SECRET: one line naming the variable and the rule, exit 2', async () => {
  const { code, lines } = await refusal({ SESSION_SECRET: 'abc' });
  expect(code).toBe(2);
  expect(lines).toEqual([expect.stringMatching(/^invalid configuration: SESSION_SECRET: must be at least 32 characters/)]);
});

test.each([
  ['empty', '', 'is empty'],
  ['zero-filled', '\0'.repeat(64), 'is corrupt'],
  ['3 characters', 'abc', 'shorter than 32 characters'],
])('a session-secret file that is %s: one line naming the file and what to do, exit 2', async (_what, content, says) => {
  writeSecret(content);
  const { code, lines } = await refusal({});
  expect(code).toBe(2);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(secretFile());
  expect(lines[0]).toContain(says);
  expect(lines[0]).toContain('delete it to generate a new one');
});

test('several bad variables: one line each, exit 2', async () => {
  const { code, lines } = await refusal({ PORT: '70000', SEED_DEMO: 'sometimes', PUBLIC_URL: 'survey.example.com' });
  expect(code).toBe(2);
  expect(lines).toHaveLength(3);
  for (const variable of ['PORT', 'SEED_DEMO', 'PUBLIC_URL']) expect(lines.some((l) => l.startsWith(`invalid configuration: ${variable}: `))).toBe(true);
});

test('SEED_DEMO=always with NODE_ENV=production: refused in one line, exit 2', async () => {
  const { code, lines } = await refusal({ SEED_DEMO: 'always' });
  expect(code).toBe(2);
  expect(lines).toEqual([expect.stringMatching(/^invalid configuration: SEED_DEMO: always is refused with NODE_ENV=production/)]);
});

test('a port in use: one line naming the port and what to do, exit 1', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const { code, lines } = await refusal({ PORT: String(port) });
    expect(code).toBe(1);
    expect(lines).toEqual([`ServiceStar cannot start: port ${port} is already in use (127.0.0.1:${port}): stop the other program or set PORT to a free port`]);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('a DATA_DIR this user may not write: one line naming it, non-zero exit', async () => {
  const locked = path.join(dir, 'locked');
  fs.mkdirSync(locked, { mode: 0o555 });
  fs.chmodSync(locked, 0o555);
  // Root may write through any permission bits: there the folder is a read-only mount instead
  // (running as another user fails earlier where the checkout sits in a private folder, as mktemp's do).
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', locked]);
  try {
    for (const env of [{}, { SESSION_SECRET: 's'.repeat(40) }] as Record<string, string>[]) {
      const { code, lines } = await refusal({ DATA_DIR: path.join(locked, 'data'), ...env });
      expect(code).not.toBe(0);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/DATA_DIR/);
      expect(lines[0]).toContain(path.join(locked, 'data'));
      expect(lines[0]).toMatch(asRoot ? /EROFS/ : /EACCES/);
    }
  } finally {
    if (asRoot) execFileSync('umount', [locked]);
  }
});

test('a DATA_DIR that is a file: one line, non-zero exit', async () => {
  const file = path.join(dir, 'a-file');
  fs.writeFileSync(file, 'x');
  const { code, lines } = await refusal({ DATA_DIR: file, SESSION_SECRET: 's'.repeat(40) });
  expect(code).toBe(1);
  expect(lines).toEqual([expect.stringMatching(new RegExp(`^ServiceStar cannot start: DATA_DIR ${file} is not writable \\(E\\w+\\)`))]);
});

test('an embedded store that cannot be opened: one line naming the folder, exit 1', async () => {
  fs.mkdirSync(path.join(dir, 'data', 'servicestar.db'), { recursive: true }); // a folder where the database file belongs
  const { code, lines } = await refusal({});
  expect(code).toBe(1);
  expect(lines).toEqual([
    expect.stringMatching(/^ServiceStar cannot start: the embedded store in .* cannot be opened \((SQLITE_CANTOPEN|EISDIR): .*\): .*restore a backup$/),
  ]);
});

test('a MongoDB that does not answer: one line without the URI, exit 1', async () => {
  const { code, lines } = await refusal({ MONGODB_URI: 'mongodb://user:s3cret-pw@127.0.0.1:1/servicestar?serverSelectionTimeoutMS=500' });
  expect(code).toBe(1);
  expect(lines).toEqual([
    expect.stringMatching(/^ServiceStar cannot start: MongoDB cannot be reached \(MongoServerSelectionError: .*ECONNREFUSED.*\): check MONGODB_URI/),
  ]);
  expect(lines[0]).not.toContain('s3cret-pw');
});
