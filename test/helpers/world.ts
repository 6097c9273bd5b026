/**
 * Tests build their own world: a fresh embedded store in a temp folder, the
 * real app on it, and factories for enterprises, sites and users.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { composeApp, openDeps, type ComposedApp } from '../../server/compose';
import { loadConfig } from '../../server/config';
import type { AppDeps } from '../../server/deps';
import { linkBaseUrl } from '../../server/http/campaigns/baseUrl';
import { createEnterprise } from '../../server/services/accounts/enterprises';
import type { Role } from '../../server/services/accounts/roles';
import { createSite, type Site } from '../../server/services/accounts/sites';
import { insertUser, type User } from '../../server/services/accounts/users';
import { systemActor, tenantContext, type TenantContext } from '../../server/services/context';
import { createJobWorker } from '../../server/services/jobs/registry';
import type { JobWorker } from '../../server/services/jobs/worker';
import type { Store } from '../../server/store/types';
import { sharedPdfBrowser } from './sharedPdfBrowser';

export const PASSWORD = 'test-pass-123';

export interface World {
  dir: string;
  store: Store;
  deps: AppDeps;
  app: ComposedApp['app'];
  /** The app's job worker, not started: side effects happen when a test drains it. */
  jobs: JobWorker;
  /** Runs every due job (alerts, mails, …) until none is left; returns how many ran. */
  drain(): Promise<number>;
  close(): Promise<void>;
}

export async function buildWorld(env: Record<string, string> = {}): Promise<World> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-test-'));
  const config = loadConfig({ DATA_DIR: dir, SEED_DEMO: 'never', LOG_LEVEL: 'silent', ...env });
  const deps = await openDeps(config, pino({ level: 'silent' }));
  deps.pdfBrowser ??= sharedPdfBrowser();
  const { store } = deps;
  const { app } = composeApp(deps);
  const jobs = createJobWorker({ store, mailer: deps.mailer, logger: deps.logger, baseUrl: linkBaseUrl(config) });
  return {
    dir,
    store,
    deps,
    app,
    jobs,
    drain: () => jobs.drain(),
    async close() {
      await jobs.stop();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface Tenant {
  enterpriseId: string;
  ctx: TenantContext;
  admin: User;
  sites: Site[];
  users: Partial<Record<Role, User>>;
}

/** An enterprise with two sites and one user per enterprise role. */
export async function buildTenant(store: Store): Promise<Tenant> {
  const code = unique('ent-');
  const operator = { userId: 'test-operator', role: 'operator' as const, enterpriseId: null, via: 'system' as const };
  const { enterprise } = await createEnterprise(store, operator, {
    code,
    name: `Enterprise ${code}`,
    admin: { email: `${code}-admin@test.local`, name: 'Admin', password: PASSWORD },
  });
  const ctx = tenantContext(store, systemActor(enterprise._id));
  const sites = [
    await createSite(ctx, { code: 'S1', name: `${code} site 1`, city: '北京' }),
    await createSite(ctx, { code: 'S2', name: `${code} site 2`, city: '上海' }),
  ];
  const admin = (await store.collection<User>('users').findOne({ email: `${code}-admin@test.local` }))!;
  const users: Tenant['users'] = { admin };
  for (const role of ['analyst', 'agent', 'shopper', 'reviewer', 'auditor'] as const) {
    users[role] = await insertUser(store, { enterpriseId: enterprise._id, email: `${code}-${role}@test.local`, name: role, role, password: PASSWORD });
  }
  return { enterpriseId: enterprise._id, ctx, admin, sites, users };
}

/** A supertest agent logged in through the JSON API (cookie kept), on the app itself or on the URL of a server running it. */
export async function loginAgent(app: World['app'] | string, email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const res = await agent.post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return agent;
}

/** GETs a page and returns its CSRF token, for form posts. */
export async function csrfTokenOf(agent: ReturnType<typeof request.agent>, pagePath: string): Promise<string> {
  const res = await agent.get(pagePath);
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`no CSRF token on ${pagePath} (status ${res.status})`);
  return match[1];
}
