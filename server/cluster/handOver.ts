/**
 * How the primary passes a new connection to a worker. @socket.io/sticky
 * hands over the socket itself only for requests without a body; for any
 * request with a Content-Length it keeps the socket and relays every byte of
 * request and response over IPC, through the primary's one event loop. Most
 * of our requests are small posts that arrive whole in the first chunk, so
 * those (socket.io's own requests aside) are handed over whole here, in turn,
 * and only the rest go through sticky: socket.io requests, which it routes by
 * session id, and requests still arriving (large uploads, chunked bodies).
 */
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { setupMaster as routeStickily } from '@socket.io/sticky';

const HEADER_END = Buffer.from('\r\n\r\n');

/** Whether `chunk` holds a whole request that sticky routing need not see: not socket.io's, headers and body complete. */
export function isWholePlainRequest(chunk: Buffer): boolean {
  const end = chunk.indexOf(HEADER_END);
  if (end < 0) return false;
  const head = chunk.subarray(0, end).toString('latin1');
  const path = head.slice(head.indexOf(' ') + 1);
  if (path.startsWith('/socket.io/')) return false;
  const lower = head.toLowerCase();
  if (lower.includes('\r\ntransfer-encoding:')) return false;
  const length = /\r\ncontent-length:\s*(\d+)/.exec(lower);
  return chunk.length >= end + HEADER_END.length + (length ? Number(length[1]) : 0);
}

/** Installs the connection routing on the primary's server. */
export function routeConnections(server: Server): void {
  // Sticky listens for connections on what it is given: capture its handler so this router decides first.
  let sticky: ((socket: Socket) => void) | null = null;
  routeStickily({ on: (_event: string, handler: (socket: Socket) => void) => (sticky = handler) } as unknown as Server, { loadBalancingMethod: 'round-robin' });
  let turn = 0;
  server.on('connection', (socket: Socket) => {
    socket.once('data', (chunk: Buffer) => {
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
      if (workers.length && isWholePlainRequest(chunk)) {
        const worker = workers[turn++ % workers.length]!;
        // The same message sticky sends for a body-less request: the worker injects the socket and replays the chunk.
        worker.send({ type: 'sticky:connection', data: chunk }, socket, (err: Error | null) => err && socket.destroy());
        return;
      }
      sticky!(socket);
      socket.emit('data', chunk);
    });
  });
}
