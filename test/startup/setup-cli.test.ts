/** `npm run setup` (dist/scripts/setup.js): the operator from a shell, by pipe or by terminal prompt. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { authenticate, type User } from '../../server/services/accounts/users';
import { openStore } from '../../server/store';
import { runToExit, SETUP_SCRIPT } from '../helpers/processes';

jest.setTimeout(120_000);

const GOOD = 'river willow 2026';
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-setup-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const env = () => ({ DATA_DIR: dir, NODE_ENV: 'production', LOG_LEVEL: 'warn' });
const setup = (args: string[], stdin: string) => runToExit(SETUP_SCRIPT, { env: env(), args, stdin });

async function operators(): Promise<User[]> {
  const store = await openStore({ dataDir: dir });
  try {
    return await store.collection<User>('users').find({ role: 'operator' }, { sort: { email: 1 } });
  } finally {
    await store.close();
  }
}

test('reads the password from a pipe, creates the operator, and refuses a second one unless --another', async () => {
  const first = await setup(['--email', 'ops@example.com', '--name', '王敏'], `${GOOD}\n`);
  expect(first).toMatchObject({ code: 0, stderr: '' });
  expect(first.stdout).toContain('operator ops@example.com created: log in at http://localhost:3000/login');
  const store = await openStore({ dataDir: dir });
  try {
    expect(await authenticate(store, 'ops@example.com', GOOD, { maxAttempts: 5, address: '127.0.0.1' })).toMatchObject({
      role: 'operator',
      name: '王敏',
      enterpriseId: null,
    });
  } finally {
    await store.close();
  }

  const refused = await setup(['--email', 'two@example.com'], `${GOOD}\n`);
  expect(refused.code).toBe(1);
  expect(refused.stderr.trim().split('\n')).toEqual(['setup refused: an operator already exists: log in as them, or pass --another to add one more']);

  const another = await setup(['--email', 'two@example.com', '--another'], GOOD); // no final line break: still one line
  expect(another.code).toBe(0);
  expect((await operators()).map((u) => u.email)).toEqual(['ops@example.com', 'two@example.com']);
});

test.each([
  ['a short password', 1, ['--email', 'ops@example.com'], 'short\n', 'setup refused: password: must be at least 12 characters'],
  ['no password at all', 1, ['--email', 'ops@example.com'], '', 'setup refused: password: must be at least 12 characters'],
  ['no --email', 2, [], `${GOOD}\n`, '--email: is required; usage: npm run setup -- --email you@example.com [--name "Your Name"] [--another]'],
  [
    'a bad --email',
    2,
    ['--email', 'ops'],
    `${GOOD}\n`,
    '--email: must be an email address; usage: npm run setup -- --email you@example.com [--name "Your Name"] [--another]',
  ],
])('%s: one line, exit %i, nothing created', async (_what, code, args, stdin, line) => {
  const run = await setup(args as string[], stdin as string);
  expect(run.code).toBe(code);
  expect(run.stderr.trim().split('\n')).toEqual([line]);
  expect(await operators()).toEqual([]);
});

test('an unknown flag is a usage error', async () => {
  const run = await setup(['--email', 'ops@example.com', '--admin'], `${GOOD}\n`);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^Unknown option '--admin'.*; usage: npm run setup/);
});

/**
 * In a terminal (a pseudo-terminal made by util-linux `script`) it asks twice and
 * shows nothing of what is typed; each answer is typed once its prompt appears.
 */
test('in a terminal it prompts twice without echoing the password', async () => {
  const command = `${process.execPath} ${SETUP_SCRIPT} --email ops@example.com`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH ?? '', ...env() }, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  const answered = new Set<string>();
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    for (const prompt of ['password: ', 'password again: ']) {
      if (screen.includes(prompt) && !answered.has(prompt)) {
        answered.add(prompt);
        child.stdin.write(`${GOOD}\r`);
      }
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect(code).toBe(0);
  expect(screen).toContain('password again: ');
  expect(screen).toContain('operator ops@example.com created');
  expect(screen).not.toContain(GOOD);
  expect((await operators()).map((u) => u.email)).toEqual(['ops@example.com']);
});
