/**
 * The proofs' HTTP client: node:http over kept-alive connections. A load
 * generator on the same 2-core machine as the server takes CPU from it, and
 * fetch costs several times more per request (WHATWG streams, Headers, a new
 * Request and Response each time), so the generator used this instead.
 * Every answer is still read whole before it counts.
 */
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  body: Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  headers?: http.OutgoingHttpHeaders;
  body?: string | Buffer;
  signal?: AbortSignal;
}

/**
 * One pool for the run: up to 512 connections to each server, reused while
 * they stay open. Idle ones are dropped after 3 s, before the server's own
 * 5 s keep-alive timeout, so a request is never sent on a connection the
 * server is closing at that moment.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512, timeout: 3000, scheduling: 'lifo' });

/** Sends one request and resolves with the status and the whole body; rejects when no whole answer came. */
export function httpRequest(url: string, req: HttpRequest): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    const out = http.request(url, { method: req.method, headers, agent, signal: req.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
      res.on('error', reject); // also when the connection closes mid-answer
    });
    out.on('error', reject);
    out.end(req.body);
  });
}
