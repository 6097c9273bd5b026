/**
 * socket.io long-polling under WORKERS=N without routing every byte through
 * the primary. A polling session lives in one worker, but the primary hands
 * out connections, not requests: a kept-alive connection held by worker 1 may
 * carry a poll of a session held by worker 2 (a browser shares its
 * connections between tabs). Each session id therefore starts with the id of
 * its worker, and a worker that receives a poll of another worker's session
 * forwards it to that worker's private loopback port and relays the answer.
 * Requests that name no session (the handshake) stay where they land, and
 * WebSocket connections are one long-lived connection each: neither is
 * forwarded. A WebSocket upgrade of a foreign polling session is refused as
 * unknown, and that client simply goes on polling.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Server } from 'socket.io';

type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** On a forwarded poll's answer: the worker that forwarded it (the answer's X-ServiceStar-Worker names the session's own). */
export const FORWARDED_BY_HEADER = 'X-ServiceStar-Forwarded-By';

/** Session ids look like `<worker id>.<20 random characters>` (engine.io's own are the same 15 random bytes). */
const SEPARATOR = '.';

/** Which worker holds the session a socket.io request names, or null when it names none. */
export function sessionOwner(url: string): string | null {
  const query = url.indexOf('?');
  const sid = query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get('sid');
  const dot = sid ? sid.indexOf(SEPARATOR) : -1;
  return dot > 0 ? sid!.slice(0, dot) : null;
}

/** Headers that describe one connection, not the message: never copied from one hop to the next. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

/** What engine.io itself answers for a session it does not hold (the client then opens a new one). */
function unknownSession(res: http.ServerResponse): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 1, message: 'Session ID unknown' }));
}

export interface PollForwarding {
  /** This worker's private port: the other workers forward the polls of its sessions here. */
  port: number;
  /** The private port of each worker that serves, by worker id (the primary sends it whenever it changes). */
  setPeers(pollPorts: Record<string, number>): void;
  close(): void;
}

/**
 * Makes this worker's session ids name it, answers other workers' forwarded
 * polls on a private loopback port, and forwards polls of sessions it does
 * not hold. `beforeEach` runs first for every request of the public port.
 */
export async function forwardForeignPolls(io: Server, workerId: string, beforeEach: RequestListener): Promise<PollForwarding> {
  io.engine.generateId = () => `${workerId}${SEPARATOR}${randomBytes(15).toString('base64url')}`;
  const path = `${io.path()}/`;
  const server = io.httpServer;
  const agent = new http.Agent({ keepAlive: true });
  let peers: Record<string, number> = {};

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, port: number) => {
    res.setHeader(FORWARDED_BY_HEADER, workerId);
    const out = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: endToEnd(req.headers), agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    });
    out.on('error', () => unknownSession(res));
    // A client that goes away ends the forwarded poll too, as if it had reached the owner directly.
    res.on('close', () => res.writableFinished || out.destroy());
    req.pipe(out);
  };

  // engine.io has already put its own listener in front of the app's (attach): this one goes in front of both.
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    beforeEach(req, res);
    const owner = req.url?.startsWith(path) ? sessionOwner(req.url) : null;
    if (owner !== null && owner !== workerId) {
      const port = peers[owner];
      return port ? forward(req, res, port) : unknownSession(res);
    }
    for (const listener of listeners) listener.call(server, req, res);
  });

  // Only engine.io requests, and only on loopback: the same handling the public port gives them.
  const privateServer = http.createServer((req, res) => {
    beforeEach(req, res);
    if (!req.url?.startsWith(path)) return void res.writeHead(404).end();
    io.engine.handleRequest(req, res);
  });
  const port = await new Promise<number>((resolve, reject) => {
    privateServer.once('error', reject);
    // exclusive: a port of this worker's own, not one shared through the primary like the public one.
    privateServer.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve((privateServer.address() as { port: number }).port));
  });
  privateServer.unref();

  return {
    port,
    setPeers: (pollPorts) => void (peers = pollPorts),
    close: () => {
      privateServer.close();
      privateServer.closeAllConnections();
      agent.destroy();
    },
  };
}
