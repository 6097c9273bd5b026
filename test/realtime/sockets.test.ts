import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { submitResponse } from '../../server/services/responses/submit';
import { startServer } from '../helpers/server';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let a: Tenant;
let b: Tenant;
let server: Awaited<ReturnType<typeof startServer>>;
const sockets: Socket[] = [];

beforeAll(async () => {
  world = await buildWorld();
  a = await buildTenant(world.store);
  b = await buildTenant(world.store);
  server = await startServer(world);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server.stop();
  await world.close();
});

async function sessionCookie(email: string): Promise<string> {
  const res = await request(server.url).post('/api/v1/auth/login').send({ email, password: PASSWORD });
  return String(res.headers['set-cookie']).split(';')[0];
}

function open(cookie?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.url, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, reconnection: false });
    sockets.push(socket);
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

test('a socket without a session is refused', async () => {
  await expect(open()).rejects.toThrow(/unauthenticated/);
});

test('a counted response reaches its enterprise’s dashboards at once, a burst coalesced, and never another enterprise', async () => {
  const mine = await open(await sessionCookie(a.users.analyst!.email));
  const theirs = await open(await sessionCookie(b.users.analyst!.email));
  const received: unknown[] = [];
  const leaked: unknown[] = [];
  mine.on('scores:changed', (e) => received.push(e));
  theirs.on('scores:changed', (e) => leaked.push(e));

  const survey = await publishDefaultTemplate(a.ctx, 'survey');
  const submit = () =>
    submitResponse(a.ctx, { templateId: survey.templateId, templateVersion: 1, siteId: a.sites[0]._id, channel: 'survey', answers: surveyAnswers(), source: 'api' });
  await Promise.all([submit(), submit(), submit()]);
  await new Promise((r) => setTimeout(r, 800));

  // The first goes out at once, the rest of the burst in one coalesced event.
  expect(received.length).toBeLessThanOrEqual(2);
  expect((received as { siteId: string; responses: number }[]).every((e) => e.siteId === a.sites[0]._id)).toBe(true);
  expect((received as { responses: number }[]).reduce((n, e) => n + e.responses, 0)).toBe(3);
  expect(leaked).toEqual([]);
});
