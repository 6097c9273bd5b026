/**
 * Health that tells the truth: while the store refuses writes (a real SQLite
 * fault: the connection made read-only), API writes answer 503 with
 * Retry-After and a stable code, pages answer a readable 503 page in zh-CN and
 * English, /readyz says why, /healthz stays live, and everything recovers by
 * itself once writes succeed again, without a restart.
 */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { composeApp, configuredMailer, type ComposedApp } from '../../server/compose';
import { loadConfig } from '../../server/config';
import { createApiToken } from '../../server/services/accounts/apiTokens';
import { Readiness } from '../../server/services/health/readiness';
import { openStore } from '../../server/store';
import { ensureCoreIndexes } from '../../server/store/indexes';
import type { Store } from '../../server/store/types';
import { observeWrites, WriteHealth } from '../../server/store/writeHealth';
import { buildTenant, csrfTokenOf, PASSWORD, type Tenant } from '../helpers/world';

let dir: string;
let raw: Store;
let app: ComposedApp['app'];
let tenant: Tenant;
let bearer: string;
/** The embedded store's own connection: query_only makes SQLite refuse every write with SQLITE_READONLY. */
const connection = () => (raw as unknown as { engine: { db: Database.Database } }).engine.db;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-ready-'));
  const config = loadConfig({ DATA_DIR: dir, SEED_DEMO: 'never', LOG_LEVEL: 'silent', READY_MIN_FREE_MB: '0' });
  raw = await openStore({ dataDir: dir });
  const writes = new WriteHealth();
  const store = observeWrites(raw, writes);
  await ensureCoreIndexes(store);
  const readiness = new Readiness({ store, writes, dataDir: dir, minFreeBytes: config.readyMinFreeBytes });
  const logger = pino({ level: 'silent' });
  ({ app } = composeApp({ config, store, mailer: configuredMailer(config, store), logger, readiness }));
  tenant = await buildTenant(store);
  ({ token: bearer } = await createApiToken(tenant.ctx, { name: 'health test', role: 'admin' }));
});

afterAll(async () => {
  connection().pragma('query_only = OFF');
  await raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sitesStored = () => raw.collection('sites').count({ enterpriseId: tenant.enterpriseId });
const postSite = (code: string) =>
  request(app)
    .post('/api/v1/sites')
    .set('Authorization', `Bearer ${bearer}`)
    .send({ code, name: `Site ${code}`, city: '杭州' });

test('a store that refuses writes gives 503s with Retry-After, readiness false with the reason, and recovers without a restart', async () => {
  expect((await request(app).get('/readyz')).body).toMatchObject({ status: 'ready', ready: true });
  const sitesBefore = await sitesStored();
  // Signed in and holding a form token before the fault, as a user in the middle of their work would.
  const browser = request.agent(app);
  const csrf = await csrfTokenOf(browser, '/login?lang=en');

  connection().pragma('query_only = ON');
  const refused = await postSite('RO1');
  expect(refused.status).toBe(503);
  expect(refused.headers['retry-after']).toBe('30');
  expect(refused.body.error.code).toBe('store_unavailable');

  const page = await browser.post('/login').type('form').set('Accept', 'text/html').send({ _csrf: csrf, email: tenant.admin.email, password: PASSWORD });
  expect(page.status).toBe(503);
  expect(page.headers['retry-after']).toBe('30');
  expect(page.text).toContain('Saving is paused');

  const notReady = await request(app).get('/readyz');
  expect(notReady.status).toBe(503);
  expect(notReady.headers['retry-after']).toBeDefined();
  expect(notReady.body).toMatchObject({ ready: false, store: { ok: true }, lastWrite: { ok: false, reason: 'SQLITE_READONLY' } });
  expect((await request(app).get('/healthz')).status).toBe(200);

  connection().pragma('query_only = OFF');
  const ready = await request(app).get('/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body).toMatchObject({ ready: true, lastWrite: { ok: true } });
  expect((await postSite('RO2')).status).toBe(201);
  // The refused write left nothing behind; the one after recovery is stored.
  expect(await sitesStored()).toBe(sitesBefore + 1);
});

test('the 503 page reads in Chinese by default', async () => {
  const browser = request.agent(app);
  const csrf = await csrfTokenOf(browser, '/login');
  connection().pragma('query_only = ON');
  try {
    const page = await browser.post('/login').type('form').set('Accept', 'text/html').send({ _csrf: csrf, email: tenant.admin.email, password: PASSWORD });
    expect(page.status).toBe(503);
    expect(page.text).toContain('暂时无法保存');
    expect(page.text).not.toMatch(/SQLITE|store_unavailable|at .*\.ts/);
  } finally {
    connection().pragma('query_only = OFF');
  }
});
