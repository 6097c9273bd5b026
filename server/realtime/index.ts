/**
 * socket.io: the handshake is authenticated with the same session cookie as
 * HTTP, and the server alone decides the rooms (rooms.ts: per enterprise or
 * per site, and score rooms only for those with a dashboard). Clients never
 * ask to join a room.
 */
import type { Server as HttpServer } from 'node:http';
import type { RequestHandler } from 'express';
import { Server } from 'socket.io';
import type { Logger } from 'pino';
import { actorOf, findUserById, sessionIsCurrent } from '../services/accounts/users';
import { domainEvents } from '../services/events';
import type { Store } from '../store/types';
import { audienceOf, roomsFor, scoreAudienceOf } from './rooms';
import { closeSocketsOnSignOut, joinSessionRooms } from './sessions';

export interface Realtime {
  io: Server;
  /** Sends an event to everyone allowed to see this enterprise (and, when given, this site). */
  publish(enterpriseId: string, siteId: string | null, event: string, payload: unknown): void;
  close(): Promise<void>;
}

/** At most this often per site a dashboard hears that scores changed. */
const COALESCE_MS = 500;

export function attachRealtime(http: HttpServer, store: Store, sessionMiddleware: RequestHandler, logger: Logger): Realtime {
  const io = new Server(http, { serveClient: false, cors: { origin: false } });
  io.engine.use(sessionMiddleware);

  io.use(async (socket, next) => {
    try {
      const req = socket.request as unknown as { session?: { userId?: string; sessionVersion?: number } };
      const user = req.session?.userId ? await findUserById(store, req.session.userId) : null;
      if (!user || !sessionIsCurrent(user, req.session!) || !user.enterpriseId) return next(new Error('unauthenticated'));
      socket.data.actor = actorOf(user);
      next();
    } catch (err) {
      next(err as Error);
    }
  });

  io.on('connection', (socket) => {
    const actor = socket.data.actor as ReturnType<typeof actorOf> & { enterpriseId: string };
    void socket.join(roomsFor(actor));
    joinSessionRooms(socket, actor.userId);
    logger.debug({ userId: actor.userId }, 'socket connected');
  });

  // Every counted response nudges the open dashboards of its enterprise and site.
  // Throttled per site with a leading edge: the first response after a quiet spell
  // goes out at once, later ones within the window are coalesced into one event
  // at its end, so a burst costs each client at most a few events per second.
  const windows = new Map<string, { enterpriseId: string; siteId: string; count: number; lastResponseId: string; timer: NodeJS.Timeout }>();
  const emit = (enterpriseId: string, siteId: string, responses: number, lastResponseId: string) =>
    io.to(scoreAudienceOf(enterpriseId, siteId)).emit('scores:changed', { siteId, responses, lastResponseId });
  const openWindow = (key: string, enterpriseId: string, siteId: string) => {
    const timer = setTimeout(() => {
      const w = windows.get(key)!;
      if (w.count === 0) return void windows.delete(key);
      emit(w.enterpriseId, w.siteId, w.count, w.lastResponseId);
      openWindow(key, enterpriseId, siteId);
    }, COALESCE_MS);
    timer.unref();
    windows.set(key, { enterpriseId, siteId, count: 0, lastResponseId: '', timer });
  };
  const stopClosingOnSignOut = closeSocketsOnSignOut(io);
  const unsubscribe = domainEvents.on('response.counted', (e) => {
    const key = `${e.enterpriseId}|${e.siteId}`;
    const w = windows.get(key);
    if (w) {
      w.count += 1;
      w.lastResponseId = e.responseId;
      return;
    }
    emit(e.enterpriseId, e.siteId, 1, e.responseId);
    openWindow(key, e.enterpriseId, e.siteId);
  });

  // A case opened, resolved or recovered moves the case figures beside the scores: dashboards refetch.
  const unsubscribeCases = domainEvents.on('case.changed', (e) => {
    // Case figures sit on the dashboard: the same audience as score events.
    io.to(scoreAudienceOf(e.enterpriseId, e.siteId)).emit('cases:changed', { siteId: e.siteId });
  });

  return {
    io,
    publish(enterpriseId, siteId, event, payload) {
      // Site-limited users sit in site rooms; enterprise-wide users in the enterprise room. Rooms of different enterprises never overlap.
      io.to(audienceOf(enterpriseId, siteId)).emit(event, payload);
    },
    close: () =>
      new Promise((resolve) => {
        for (const w of windows.values()) clearTimeout(w.timer);
        unsubscribe();
        stopClosingOnSignOut();
        unsubscribeCases();
        io.close(() => resolve());
      }),
  };
}
