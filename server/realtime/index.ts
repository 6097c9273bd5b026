/**
 * socket.io: the handshake is authenticated with the same session cookie as
 * HTTP, and the server alone decides the rooms (one per enterprise, one per
 * site for users limited to sites). Clients never ask to join a room.
 */
import type { Server as HttpServer } from 'node:http';
import type { RequestHandler } from 'express';
import { Server } from 'socket.io';
import type { Logger } from 'pino';
import { actorOf, findUserById } from '../services/accounts/users';
import { domainEvents } from '../services/events';
import type { Store } from '../store/types';

export interface Realtime {
  io: Server;
  /** Sends an event to everyone allowed to see this enterprise (and, when given, this site). */
  publish(enterpriseId: string, siteId: string | null, event: string, payload: unknown): void;
  close(): Promise<void>;
}

/** At most this often per site a dashboard hears that scores changed. */
const COALESCE_MS = 500;

export const enterpriseRoom = (id: string) => `enterprise:${id}`;
export const siteRoom = (id: string) => `site:${id}`;

export function attachRealtime(http: HttpServer, store: Store, sessionMiddleware: RequestHandler, logger: Logger): Realtime {
  const io = new Server(http, { serveClient: false, cors: { origin: false } });
  io.engine.use(sessionMiddleware);

  io.use(async (socket, next) => {
    try {
      const req = socket.request as unknown as { session?: { userId?: string } };
      const user = req.session?.userId ? await findUserById(store, req.session.userId) : null;
      if (!user || user.disabled || !user.enterpriseId) return next(new Error('unauthenticated'));
      socket.data.actor = actorOf(user);
      next();
    } catch (err) {
      next(err as Error);
    }
  });

  io.on('connection', (socket) => {
    const actor = socket.data.actor as ReturnType<typeof actorOf>;
    // A user limited to sites joins only those rooms; everyone else the whole enterprise.
    if (actor.siteIds?.length) for (const id of actor.siteIds) void socket.join(siteRoom(id));
    else void socket.join(enterpriseRoom(actor.enterpriseId!));
    logger.debug({ userId: actor.userId }, 'socket connected');
  });

  // Every counted response nudges the open dashboards of its enterprise and site,
  // coalesced per room so a burst of submissions becomes one update per interval.
  const pending = new Map<string, { enterpriseId: string; siteId: string; count: number }>();
  const flush = setInterval(() => {
    for (const [key, p] of pending) {
      io.to(enterpriseRoom(p.enterpriseId)).to(siteRoom(p.siteId)).emit('scores:changed', { siteId: p.siteId, responses: p.count });
      pending.delete(key);
    }
  }, COALESCE_MS);
  flush.unref();
  const unsubscribe = domainEvents.on('response.counted', (e) => {
    const key = `${e.enterpriseId}|${e.siteId}`;
    const p = pending.get(key) ?? { enterpriseId: e.enterpriseId, siteId: e.siteId, count: 0 };
    p.count += 1;
    pending.set(key, p);
  });

  return {
    io,
    publish(enterpriseId, siteId, event, payload) {
      const target = io.to(enterpriseRoom(enterpriseId));
      // Site-limited users sit in site rooms; enterprise-wide users in the enterprise room. Rooms of different enterprises never overlap.
      (siteId ? target.to(siteRoom(siteId)) : target).emit(event, payload);
    },
    close: () =>
      new Promise((resolve) => {
        clearInterval(flush);
        unsubscribe();
        io.close(() => resolve());
      }),
  };
}
