/**
 * Sockets end with their sessions (issue 16): logging out, being deactivated
 * and a new password each disconnect the user's open sockets at once, and a
 * socket of the ended session cannot reconnect.
 */
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { insertUser, type User } from '../../server/services/accounts/users';
import { startServer } from '../helpers/server';
import { buildTenant, buildWorld, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let server: Awaited<ReturnType<typeof startServer>>;
const sockets: Socket[] = [];

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  server = await startServer(world);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server.stop();
  await world.close();
});

let counter = 0;
async function person(role: User['role'] = 'analyst'): Promise<User> {
  return insertUser(world.store, { enterpriseId: tenant.enterpriseId, email: `socket${counter++}@t.test`, name: 'Socket user', role, password: PASSWORD });
}

async function sessionCookie(email: string): Promise<string> {
  const res = await request(server.url).post('/api/v1/auth/login').send({ email, password: PASSWORD });
  expect(res.status).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0];
}

function open(cookie: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
    sockets.push(socket);
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

/** Resolves with the reason once the server disconnects the socket. */
const disconnected = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

test('deactivating a user disconnects their open socket at once, and it cannot come back', async () => {
  const user = await person();
  const cookie = await sessionCookie(user.email);
  const socket = await open(cookie);
  const gone = disconnected(socket);
  const admin = request.agent(server.url);
  await admin.post('/api/v1/auth/login').send({ email: tenant.admin.email, password: PASSWORD });
  expect((await admin.post(`/api/v1/users/${user._id}/deactivate`).send({})).status).toBe(200);
  expect(await gone).toBe('io server disconnect');
  await expect(open(cookie)).rejects.toThrow(/unauthenticated/);
  expect((await request(server.url).get('/api/v1/me').set('Cookie', cookie)).status).toBe(401);
});

test('logging out disconnects the sockets of that session only', async () => {
  const user = await person();
  const leaving = await sessionCookie(user.email);
  const staying = await sessionCookie(user.email);
  const leavingSocket = await open(leaving);
  const stayingSocket = await open(staying);
  const gone = disconnected(leavingSocket);
  expect((await request(server.url).post('/api/v1/auth/logout').set('Cookie', leaving).send({})).status).toBe(200);
  expect(await gone).toBe('io server disconnect');
  await expect(open(leaving)).rejects.toThrow(/unauthenticated/);
  // The other session's socket is still served: a fresh one opens and the old one is connected.
  expect(stayingSocket.connected).toBe(true);
  (await open(staying)).close();
});

test('a new password disconnects every socket of the user, and the old sessions cannot reconnect', async () => {
  const user = await person();
  const here = await sessionCookie(user.email);
  const there = await sessionCookie(user.email);
  const socketThere = await open(there);
  const gone = disconnected(socketThere);
  const res = await request(server.url).post('/api/v1/me/password').set('Cookie', here).send({ currentPassword: PASSWORD, newPassword: 'a-new-password' });
  expect(res.status).toBe(200);
  expect(await gone).toBe('io server disconnect');
  await expect(open(there)).rejects.toThrow(/unauthenticated/);
  // The session that changed the password goes on, sockets included.
  (await open(here)).close();
});
