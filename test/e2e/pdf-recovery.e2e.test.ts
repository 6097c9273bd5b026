/**
 * The PDF printer recovers from a failed Chromium launch without a restart:
 * while the browser path points at a missing binary each request is a 503 with
 * Retry-After, launches are retried only after a back-off that doubles, and
 * once the path holds a working Chromium the next request after the back-off
 * prints. The clock the back-off is measured on is the test's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { BrowserLauncher } from '../../server/http/reports/browser';
import { startServer } from '../helpers/server';
import { buildTenant, buildWorld, PASSWORD, type World } from '../helpers/world';

let world: World;
let server: Awaited<ReturnType<typeof startServer>>;
let clock = Date.parse('2026-03-01T08:00:00Z');
const binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-chromium-'));
const chromiumPath = path.join(binDir, 'chromium');
const launcher = new BrowserLauncher({ executablePath: chromiumPath, now: () => clock });

beforeAll(async () => {
  world = await buildWorld();
  world.deps.pdfBrowser = launcher;
  server = await startServer(world);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await world?.close();
  fs.rmSync(binDir, { recursive: true, force: true });
});

test('after failed launches the PDF answers 503 with Retry-After, then prints once the browser is there', async () => {
  const tenant = await buildTenant(world.store);
  const agent = request.agent(server.url);
  await agent.post('/api/v1/auth/login').send({ email: tenant.users.analyst!.email, password: PASSWORD }).expect(200);
  const pdf = () =>
    agent
      .get('/reports/audit.pdf')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  const unavailable = async (retryAfter: string, attempts: number) => {
    const res = await pdf();
    expect([res.status, res.headers['retry-after'], launcher.attempts]).toEqual([503, retryAfter, attempts]);
    // A person who clicked the PDF link sees the error page saying when to try again.
    expect((res.body as Buffer).toString('utf8')).toContain(`try again in ${retryAfter} s`);
  };

  await unavailable('5', 1); // the binary is missing
  await unavailable('5', 1); // within the back-off: no new launch
  clock += 5_000;
  await unavailable('10', 2); // tried again, failed again: the back-off doubles

  fs.symlinkSync('/usr/bin/chromium', chromiumPath); // the path now holds a working browser
  await unavailable('10', 2);
  clock += 10_000;
  const printed = await pdf();
  expect([printed.status, printed.headers['content-type'], launcher.attempts]).toEqual([200, 'application/pdf', 3]);
  expect((printed.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // A good launch resets the back-off: the next print launches at once.
  expect((await pdf()).status).toBe(200);
  expect(launcher.attempts).toBe(4);
}, 180_000);
