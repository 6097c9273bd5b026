import type { Socket } from 'socket.io-client';
import { submitResponse } from '../../server/services/responses/submit';
import { startServer } from '../helpers/server';
import { liveSocket, sessionCookie as loginCookie } from '../helpers/sockets';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { waitUntil } from '../helpers/wait';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

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

const sessionCookie = (email: string) => loginCookie(server.url, email);

async function open(cookie?: string): Promise<Socket> {
  const socket = await liveSocket(server.url, cookie);
  sockets.push(socket);
  return socket;
}

test('a socket without a session is refused', async () => {
  await expect(open()).rejects.toThrow(/unauthenticated/);
});

test('a counted response reaches its enterprise’s dashboards at once, a burst coalesced, and never another enterprise', async () => {
  const mine = await open(await sessionCookie(a.users.analyst!.email));
  const theirs = await open(await sessionCookie(b.users.analyst!.email));
  const received: unknown[] = [];
  const heardByOther: { siteId: string }[] = [];
  mine.on('scores:changed', (e) => received.push(e));
  theirs.on('scores:changed', (e) => heardByOther.push(e));

  const survey = await publishDefaultTemplate(a.ctx, 'survey');
  const submit = () =>
    submitResponse(a.ctx, {
      templateId: survey.templateId,
      templateVersion: 1,
      siteId: a.sites[0]._id,
      channel: 'survey',
      answers: surveyAnswers(),
      source: 'api',
    });
  await Promise.all([submit(), submit(), submit()]);
  const counted = () => (received as { responses: number }[]).reduce((n, e) => n + e.responses, 0);
  // Until every response of the burst has been announced (the coalesced rest comes at the end of its window).
  await waitUntil(counted, (n) => n >= 3, 'scores:changed events covering the 3 responses');

  // The first goes out at once, the rest of the burst in one coalesced event.
  expect(received.length).toBeLessThanOrEqual(2);
  expect((received as { siteId: string; responses: number }[]).every((e) => e.siteId === a.sites[0]._id)).toBe(true);
  expect(counted()).toBe(3);
  // The other enterprise's own response afterwards: events arrive in order on a socket, so once
  // its own event is there, anything leaked from the burst before it would be there too.
  const theirSurvey = await publishDefaultTemplate(b.ctx, 'survey');
  await submitResponse(b.ctx, {
    templateId: theirSurvey.templateId,
    templateVersion: 1,
    siteId: b.sites[0]._id,
    channel: 'survey',
    answers: surveyAnswers(),
    source: 'api',
  });
  await waitUntil(
    () => heardByOther.length,
    (n) => n >= 1,
    "the other enterprise's own scores:changed",
  );
  expect(heardByOther.map((e) => e.siteId)).toEqual([b.sites[0]._id]);
});
