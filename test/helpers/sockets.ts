/** Dashboard sockets as a browser opens them: the session cookie from a JSON login, then socket.io over websocket. */
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { PASSWORD } from './world';

/** The `ss.sid=…` pair of a fresh session for `email` on the running server at `url`. */
export async function sessionCookie(url: string, email: string, password = PASSWORD): Promise<string> {
  const res = await request(url).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return String(res.headers['set-cookie']).split(';')[0];
}

/** Resolves once connected; rejects with the server's refusal (e.g. "unauthenticated"). The caller closes it. */
export function liveSocket(url: string, cookie?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, reconnection: false });
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}
