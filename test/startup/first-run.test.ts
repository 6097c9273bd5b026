/**
 * The built server on a fresh DATA_DIR, as an installer meets it: without the demo it
 * prints a one-time setup URL until an operator exists; `npm start`'s defaults load the
 * demo and print its logins; the demo never joins an installation already in use.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../../scripts/prove/server';
import { runToExit, SETUP_SCRIPT, waitForOutput } from '../helpers/processes';

jest.setTimeout(300_000);

const SETUP_URL = /^ {2}(http:\/\/localhost:\d+)(\/setup\/[A-Za-z0-9_-]{43})$/m;
let dir: string;
let server: ServerProcess | undefined;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-first-run-'))));
afterEach(async () => {
  await server?.kill('SIGTERM');
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts the server and waits for its whole banner (it ends with an empty line). */
async function start(env: Record<string, string>): Promise<string> {
  server = await startServerProcess(dir, { LOG_LEVEL: 'warn', ...env }, 240_000);
  await waitForOutput(server, /mail: \w+\n([^\n]+\n)*\n/);
  return server.output();
}

async function stop(): Promise<void> {
  await server!.kill('SIGTERM');
  server = undefined;
}

test('without the demo: the setup URL is printed at each start until an operator exists, then answers 404', async () => {
  const first = await start({ SEED_DEMO: 'never' });
  const [, , setupPath] = first.match(SETUP_URL)!;
  expect(first).not.toContain('demo');
  expect((await fetch(`${server!.url}${setupPath}`)).status).toBe(200);
  await stop();

  const second = await start({ SEED_DEMO: 'never' });
  expect(second.match(SETUP_URL)![2]).toBe(setupPath); // the URL in the earlier log still works
  await stop();

  const made = await runToExit(SETUP_SCRIPT, {
    env: { DATA_DIR: dir, NODE_ENV: 'production' },
    args: ['--email', 'ops@example.com'],
    stdin: 'river willow 2026\n',
  });
  expect(made.code).toBe(0);

  const third = await start({ SEED_DEMO: 'never' });
  expect(third).not.toMatch(SETUP_URL);
  expect(third).not.toContain('no platform operator');
  expect((await fetch(`${server!.url}${setupPath}`)).status).toBe(404);
});

test('SEED_DEMO=auto outside production leaves an installation in use alone: no demo, no demo logins', async () => {
  const made = await runToExit(SETUP_SCRIPT, { env: { DATA_DIR: dir }, args: ['--email', 'ops@example.com'], stdin: 'river willow 2026\n' });
  expect(made.code).toBe(0);
  const banner = await start({ SEED_DEMO: 'auto', NODE_ENV: '' });
  expect(banner).toContain('ServiceStar is running at');
  expect(banner).not.toMatch(/demo|@demo\.test/);
  const login = await (await fetch(`${server!.url}/login`)).text();
  expect(login).not.toContain('demo.test');
});

test('NODE_ENV=production with SEED_DEMO=auto (the Docker image) seeds nothing and prints the setup URL', async () => {
  const banner = await start({ SEED_DEMO: 'auto', NODE_ENV: 'production' });
  expect(banner).toMatch(SETUP_URL);
  expect(banner).not.toContain('@demo.test');
  const login = await (await fetch(`${server!.url}/login`)).text();
  expect(login).not.toContain('demo.test');
});

test('npm start on a fresh clone (NODE_ENV unset, SEED_DEMO unset) loads the demo and prints the URL and the logins', async () => {
  const banner = await start({ SEED_DEMO: '', NODE_ENV: '', DEMO_PASSWORD: '' });
  expect(banner).toContain('demo data loaded; logins:');
  expect(banner).toMatch(/^ {2}operator@demo\.test +operator +password: demo1234$/m);
  expect(banner).toMatch(/^ {2}admin@demo\.test +admin +password: demo1234$/m);
  expect(banner).not.toMatch(SETUP_URL); // the demo's operator exists
  const login = await (await fetch(`${server!.url}/login`)).text();
  expect(login).toContain('admin@demo.test');
});
