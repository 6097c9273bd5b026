/**
 * An app process under WORKERS=N: it listens on the public port like a single
 * server would (the primary hands it connections in turn), forwards long-polls
 * of socket.io sessions held by another worker (pollForwarding.ts), and hears
 * broadcasts made in the other workers through the primary
 * (@socket.io/cluster-adapter), unless MongoDB's adapter already relays them.
 */
import cluster from 'node:cluster';
import { createAdapter } from '@socket.io/cluster-adapter';
import type { Server } from 'socket.io';
import { isPeersMessage, readyMessage } from './messages';
import { forwardForeignPolls, type PollForwarding } from './pollForwarding';

/** Names the process that answered, so an operator (or a test) can tell the workers apart. */
export const WORKER_HEADER = 'X-ServiceStar-Worker';

/** Call before the server listens: from then on any request may be another worker's poll. */
export async function serveAsWorker(io: Server, relayThroughPrimary: boolean): Promise<PollForwarding> {
  if (relayThroughPrimary) io.adapter(createAdapter());
  const id = String(cluster.worker?.id ?? 0);
  const polls = await forwardForeignPolls(io, id, (_req, res) => res.setHeader(WORKER_HEADER, id));
  process.on('message', (m: unknown) => isPeersMessage(m) && polls.setPeers(m.pollPorts));
  return polls;
}

/** Tells the primary this worker serves, on which public port, and where it takes forwarded polls. */
export function reportReady(port: number, polls: PollForwarding): void {
  process.send?.(readyMessage(port, polls.port));
}
