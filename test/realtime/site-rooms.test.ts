/**
 * Socket rooms follow the same scope as HTTP: a dashboard limited to some sites
 * hears only those sites' score events, and roles without a dashboard hear no
 * score events at all. No fixed sleeps: each "did not receive" is checked once
 * a later event on the same socket has arrived (socket.io keeps a socket's
 * events in order).
 */
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import type { Role } from '../../server/services/accounts/roles';
import { insertUser } from '../../server/services/accounts/users';
import { submitResponse } from '../../server/services/responses/submit';
import { roomsFor } from '../../server/realtime/rooms';
import { startServer } from '../helpers/server';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, PASSWORD, type Tenant, type World } from '../helpers/world';

jest.setTimeout(120_000);

let world: World;
let server: Awaited<ReturnType<typeof startServer>>;
const sockets: Socket[] = [];

beforeAll(async () => {
  world = await buildWorld();
  server = await startServer(world);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server.stop();
  await world.close();
});

async function socketOf(email: string): Promise<Socket> {
  const res = await request(server.url).post('/api/v1/auth/login').send({ email, password: PASSWORD });
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  return new Promise((resolve, reject) => {
    const socket = connect(server.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
    sockets.push(socket);
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

async function limitedUser(tenant: Tenant, role: Exclude<Role, 'operator'>, siteIds: string[]): Promise<string> {
  const email = `${role}-${siteIds.length}-${tenant.enterpriseId}@test.local`;
  await insertUser(world.store, { enterpriseId: tenant.enterpriseId, email, name: role, role, password: PASSWORD, siteIds });
  return email;
}

/** Every event a socket hears, in order, and a way to wait for one that matches. */
function recorder(socket: Socket) {
  const heard: Array<{ event: string; payload: { siteId?: string } }> = [];
  const waiters: Array<() => void> = [];
  socket.onAny((event: string, payload: { siteId?: string }) => {
    heard.push({ event, payload });
    for (const w of waiters.splice(0)) w();
  });
  const until = (match: (e: (typeof heard)[number]) => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (heard.some(match) ? resolve() : waiters.push(check));
      check();
    });
  return { heard, until };
}

async function submitAt(tenant: Tenant, siteId: string) {
  const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
  await submitResponse(tenant.ctx, {
    templateId: survey.templateId,
    templateVersion: survey.version,
    siteId,
    channel: 'survey',
    answers: surveyAnswers(),
    source: 'api',
  });
}

test('a dashboard limited to one site hears that site’s score events and not the other’s; an unlimited one hears both', async () => {
  const tenant = await buildTenant(world.store);
  const [s1, s2] = tenant.sites.map((s) => s._id);
  const limited = recorder(await socketOf(await limitedUser(tenant, 'analyst', [s2])));
  const whole = recorder(await socketOf(tenant.users.analyst!.email));

  await submitAt(tenant, s1);
  await whole.until((e) => e.event === 'scores:changed' && e.payload.siteId === s1);
  await submitAt(tenant, s2);
  await limited.until((e) => e.event === 'scores:changed' && e.payload.siteId === s2);
  await whole.until((e) => e.event === 'scores:changed' && e.payload.siteId === s2);

  // Site 1's event went out first; the limited socket heard site 2's after it, so it would have heard site 1's by now.
  expect(limited.heard.map((e) => e.payload.siteId)).toEqual([s2]);
});

test('shoppers and agents hear no score events, while other enterprise-wide events still reach them', async () => {
  const tenant = await buildTenant(world.store);
  const analyst = recorder(await socketOf(tenant.users.analyst!.email));
  const shopper = recorder(await socketOf(tenant.users.shopper!.email));
  const agent = recorder(await socketOf(tenant.users.agent!.email));

  await submitAt(tenant, tenant.sites[0]._id);
  await analyst.until((e) => e.event === 'scores:changed');
  server.realtime.publish(tenant.enterpriseId, null, 'notice', { text: 'after the score event' });
  await shopper.until((e) => e.event === 'notice');
  await agent.until((e) => e.event === 'notice');

  expect(shopper.heard.map((e) => e.event)).toEqual(['notice']);
  expect(agent.heard.map((e) => e.event)).toEqual(['notice']);
});

test('an event about one site reaches that site’s limited users and the enterprise-wide ones, not other sites’', async () => {
  const tenant = await buildTenant(world.store);
  const [s1, s2] = tenant.sites.map((s) => s._id);
  const atS1 = recorder(await socketOf(await limitedUser(tenant, 'reviewer', [s1])));
  const atS2 = recorder(await socketOf(await limitedUser(tenant, 'auditor', [s2])));
  const whole = recorder(await socketOf(tenant.users.reviewer!.email));

  server.realtime.publish(tenant.enterpriseId, s1, 'task', { siteId: s1 });
  server.realtime.publish(tenant.enterpriseId, s2, 'task', { siteId: s2 });
  await atS1.until((e) => e.event === 'task');
  await atS2.until((e) => e.payload.siteId === s2);
  await whole.until((e) => e.payload.siteId === s2);

  expect(atS1.heard.map((e) => e.payload.siteId)).toEqual([s1]);
  expect(atS2.heard.map((e) => e.payload.siteId)).toEqual([s2]);
  expect(whole.heard.map((e) => e.payload.siteId)).toEqual([s1, s2]);
});

describe('rooms the server computes', () => {
  const base = { userId: 'u', enterpriseId: 'e', via: 'session' as const };

  test('an unlimited analyst joins the enterprise and its score room; a shopper only the enterprise', () => {
    expect(roomsFor({ ...base, role: 'analyst' }).sort()).toEqual(['enterprise:e', 'scores:enterprise:e']);
    expect(roomsFor({ ...base, role: 'shopper' })).toEqual(['enterprise:e']);
    expect(roomsFor({ ...base, role: 'agent' })).toEqual(['enterprise:e']);
  });

  test('a user limited to sites joins those sites’ rooms only', () => {
    expect(roomsFor({ ...base, role: 'auditor', siteIds: ['a', 'b'] }).sort()).toEqual(['scores:site:a', 'scores:site:b', 'site:a', 'site:b']);
    expect(roomsFor({ ...base, role: 'shopper', siteIds: ['a'] })).toEqual(['site:a']);
  });

  test('a site manager without sites joins no room at all', () => {
    expect(roomsFor({ ...base, role: 'siteManager' as Role })).toEqual([]);
  });
});
