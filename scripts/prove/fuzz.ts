/**
 * Proof 3, fuzzing: N malformed requests across every route against the real
 * server: no 5xx, the server stays up, and the stored data is unchanged except
 * for writes the server accepted (which are listed).
 */
import http from 'node:http';
import { randomInt } from 'node:crypto';
import { fuzzRequest, type FuzzRequest } from './fuzz-cases';
import { listRoutes } from './routes';
import { isUp, startServerProcess } from './server';
import type { ProofResult } from './result';
import { pool } from './submissions';
import { fingerprints } from './verify';
import { buildProveWorld, PROVE_PASSWORD, removeWorld } from './world';
import { mulberry32 } from '../../server/services/random';

/** Collections that change by merely being visited, not by accepted writes. */
// Sessions move with every request; jobs with the clock (each process's worker schedules the recurring sweeps);
// rate-limit windows count requests, refused ones included (shared by every process).
const VOLATILE = new Set(['sessions', 'jobs', 'rateLimitWindows']);

/** The store creates a collection's table on first use, even a read: a missing table equals an empty one. */
const EMPTY = { count: 0, hash: 'e3b0c44298fc1c14' };

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** node:http, not fetch: the path goes out byte for byte (fetch would normalise `..`). */
function send(base: URL, req: FuzzRequest): Promise<number> {
  return new Promise((resolve) => {
    const out = http.request(
      { host: base.hostname, port: base.port, method: req.method, path: req.path, headers: req.headers, agent, timeout: 30_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    // A request the server refuses before reading it all may reset the socket: that is a 4xx-like refusal, recorded as 0.
    out.on('error', () => resolve(0));
    out.on('timeout', () => out.destroy());
    out.end(req.body);
  });
}

async function signIn(url: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PROVE_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login → ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const page = await (await fetch(`${url}/admin/sites`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on /admin/sites');
  return { cookie, csrf };
}

export async function proveFuzz(opts: { requests: number; seed?: number; parallel?: number }): Promise<ProofResult> {
  const seed = opts.seed ?? randomInt(2 ** 31);
  const world = await buildProveWorld({ recipients: 2 });
  const routes = await listRoutes(world.dir);
  const server = await startServerProcess(world.dir);
  const base = new URL(server.url);
  const fiveHundreds: string[] = [];
  const noAnswer: string[] = [];
  const accepted: string[] = [];
  // A page form answers a success and a refusal alike with 303 + flash: listed, never assumed accepted.
  const redirected: string[] = [];
  // 503 is the designed "busy, retry" answer (PDF printing at capacity): counted apart, not a crash.
  const busy: string[] = [];
  const kinds = new Map<string, number>();
  try {
    const { cookie, csrf } = await signIn(server.url, world.adminEmail);
    const before = fingerprints(world);
    const rand = mulberry32(seed);
    // Generated up front, in order, so the seed alone reproduces the same requests.
    const requests = Array.from({ length: opts.requests }, () =>
      fuzzRequest(rand, routes[Math.floor(rand() * routes.length)]!, { cookie, bearer: world.apiToken, csrf }),
    );
    await pool(requests.length, opts.parallel ?? 8, async (i) => {
      const req = requests[i]!;
      kinds.set(req.kind, (kinds.get(req.kind) ?? 0) + 1);
      const status = await send(base, req);
      const line = `#${i} ${req.method} ${req.path.slice(0, 80)} [${req.kind}] → ${status}`;
      if (status === 503) busy.push(line);
      else if (status >= 500) fiveHundreds.push(line);
      else if (status === 0) noAnswer.push(line);
      else if (status < 400 && req.method !== 'GET') (status < 300 ? accepted : redirected).push(line);
    });
    const up = await isUp(server.url);
    const after = fingerprints(world);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (c) => !VOLATILE.has(c) && (before.get(c) ?? EMPTY).hash !== (after.get(c) ?? EMPTY).hash,
    );
    // A changed collection is explained only by a write the server accepted (2xx to a non-GET).
    const unexplained = accepted.length ? [] : changed;
    const pass = fiveHundreds.length === 0 && up && unexplained.length === 0;
    return {
      name: 'fuzzing',
      pass,
      figures:
        `seed ${seed}: ${opts.requests} requests over ${routes.length} routes (${kinds.size} kinds); 5xx ${fiveHundreds.length} (+${busy.length} designed 503 busy); no answer (socket reset) ${noAnswer.length}; server ${up ? 'up' : 'DOWN'}; ` +
        `accepted writes ${accepted.length}; collections changed ${changed.length ? changed.join(',') : 'none'}` +
        (fiveHundreds.length ? `; first 5xx: ${fiveHundreds.slice(0, 3).join(' | ')}` : '') +
        (accepted.length ? `; accepted: ${accepted.slice(0, 3).join(' | ')}` : '') +
        (unexplained.length && redirected.length
          ? `; 303s: ${redirected
              .filter((l) => unexplained.some((c) => l.toLowerCase().includes(c.slice(0, 5).toLowerCase())))
              .slice(0, 3)
              .join(' | ')}`
          : ''),
    };
  } finally {
    await server.kill('SIGKILL');
    removeWorld(world);
  }
}
