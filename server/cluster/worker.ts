/**
 * An app process under WORKERS=N: it never listens itself; the primary hands
 * it connections (@socket.io/sticky). Broadcasts reach sockets held by the
 * other workers through the primary (@socket.io/cluster-adapter), unless
 * MongoDB's adapter already relays them.
 */
import cluster from 'node:cluster';
import { createAdapter } from '@socket.io/cluster-adapter';
import { setupWorker } from '@socket.io/sticky';
import type { Server } from 'socket.io';
import { readyMessage } from './messages';

/** Names the process that answered, so an operator (or a test) can tell the workers apart. */
export const WORKER_HEADER = 'X-ServiceStar-Worker';

export function serveAsWorker(io: Server, relayThroughPrimary: boolean): void {
  if (relayThroughPrimary) io.adapter(createAdapter());
  setupWorker(io);
  const id = String(cluster.worker?.id ?? 0);
  io.httpServer.prependListener('request', (_req, res) => res.setHeader(WORKER_HEADER, id));
}

export function reportReady(): void {
  process.send?.(readyMessage());
}
