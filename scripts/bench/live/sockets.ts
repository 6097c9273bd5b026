/**
 * Dashboard sockets of one analyst session; every `scores:changed` is stamped
 * with performance.now() on arrival (same clock as the submissions' acks).
 */
import { io as connect, type Socket } from 'socket.io-client';

export interface Arrival {
  t: number;
  siteId: string;
  responses: number;
  lastResponseId: string;
}

export async function sessionCookie(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email} → ${res.status}: ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export interface Dashboards {
  sockets: Socket[];
  /** arrivals[i] = the events socket i received, in arrival order. */
  arrivals: Arrival[][];
  /** Forgets what was heard so far (the warm-up's events). */
  forget(): void;
  close(): void;
}

/** Opens n sockets, 20 at a time, each recording what it hears. */
export async function openDashboards(url: string, cookie: string, n: number): Promise<Dashboards> {
  const arrivals: Arrival[][] = [];
  const open = (slot: number) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, timeout: 20_000 });
      const mine: Arrival[] = (arrivals[slot] = []);
      socket.on('scores:changed', (e: { siteId: string; responses: number; lastResponseId: string }) => {
        mine.push({ t: performance.now(), siteId: e.siteId, responses: e.responses, lastResponseId: e.lastResponseId });
      });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 20) sockets.push(...(await Promise.all(Array.from({ length: Math.min(20, n - i) }, (_, k) => open(i + k)))));
  return { sockets, arrivals, forget: () => arrivals.forEach((heard) => (heard.length = 0)), close: () => sockets.forEach((s) => s.close()) };
}
