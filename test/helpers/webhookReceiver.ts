/** A real HTTP receiver on 127.0.0.1 for webhook tests: records every request, can answer an error or go down and come back. */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEnvelope } from '../../server/services/webhooks/types';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  event: WebhookEnvelope;
  /** What the receiver answered. */
  status: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Requests answered 2xx: what the sender may count as delivered. */
  accepted(): Received[];
  answerWith(status: number): void;
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, event: JSON.parse(body) as WebhookEnvelope, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'unavailable');
    });
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Kept-alive connections would hold the server open and keep answering.
      server.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}/hooks/servicestar`,
    received,
    accepted: () => received.filter((r) => r.status < 300),
    answerWith: (s) => void (status = s),
    down: close,
    up: () => listen(port),
    stop: close,
  };
}

/** A port nothing listens on: deliveries to it are refused. */
export async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
