/**
 * Client helpers for the WORKERS=2 test: which process answered, asking again
 * until a given one does, and a socket.io client on engine.io's long-polling
 * transport written out by hand, so the test sees which worker answers each
 * poll (the session's own, directly or forwarded by the other).
 */
import { FORWARDED_BY_HEADER } from '../../server/cluster/pollForwarding';
import { WORKER_HEADER } from '../../server/cluster/worker';
import { waitUntil } from '../helpers/wait';

/** Two processes on a loaded 2-core machine: generous. */
const DEADLINE_MS = 120_000;

export function workerOf(res: Response): string {
  const id = res.headers.get(WORKER_HEADER);
  if (!id) throw new Error(`no ${WORKER_HEADER} header on an answer (${res.status} ${res.url})`);
  return id;
}

/**
 * fetch on a connection of its own (closed after the answer). The primary hands
 * out connections, not requests, in turn: a kept-alive connection would keep
 * reaching the same worker.
 */
export function freshFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('connection', 'close');
  return fetch(url, { ...init, headers });
}

export const cookieOf = (res: Response): string =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/** Checks again until true (waitUntil with the deadline for two processes). */
export async function untilTrue(what: string, check: () => Promise<boolean>, ms = DEADLINE_MS): Promise<void> {
  // A request that lands on a worker being killed or replaced fails with `fetch failed`: that is "not yet", not an error.
  const settled = () => check().catch(() => false);
  await waitUntil(settled, (done) => done, what, ms);
}

/** Sends `request` (which must be safe to repeat) until a worker that `wanted` accepts answers it. */
export async function answerOnWorker(_url: string, wanted: (worker: string) => boolean, request: () => Promise<Response>): Promise<Response> {
  let answer: Response | null = null;
  await untilTrue('an answer from the wanted worker', async () => {
    const res = await request();
    if (wanted(workerOf(res))) return !!(answer = res);
    await res.body?.cancel();
    return false;
  });
  return answer!;
}

/** engine.io v4 packets in one polling payload are separated by the record separator. */
const SEPARATOR = '\x1e';

export class EngineIoClient {
  private readonly events: Array<{ name: string; payload: unknown }> = [];
  private readonly workers = new Set<string>();
  private readonly forwarders = new Set<string>();
  private closed = false;
  private failure: Error | null = null;
  private polling: Promise<void> = Promise.resolve();

  private constructor(
    private readonly base: string,
    private readonly cookie: string,
    readonly worker: string,
  ) {}

  /** Opens an engine.io session over polling, connects socket.io's main namespace and starts polling. */
  static async connect(url: string, cookie: string): Promise<EngineIoClient> {
    const open = await freshFetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie } });
    const text = await open.text();
    if (open.status !== 200 || !text.startsWith('0')) throw new Error(`engine.io handshake failed: ${open.status} ${text}`);
    const { sid } = JSON.parse(text.slice(1)) as { sid: string };
    const client = new EngineIoClient(`${url}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`, cookie, workerOf(open));
    await client.send('40');
    client.startPolling();
    await client.waitFor(() => client.events.some((e) => e.name === '#connected'), 'the socket.io connect acknowledgement');
    return client;
  }

  /** Posts on a connection of its own, so posts reach both workers in turn (the polls keep theirs). */
  private async send(packet: string): Promise<void> {
    const res = await freshFetch(this.base, { method: 'POST', headers: { cookie: this.cookie, 'content-type': 'text/plain;charset=UTF-8' }, body: packet });
    this.workers.add(workerOf(res));
    const forwarder = res.headers.get(FORWARDED_BY_HEADER);
    if (forwarder) this.forwarders.add(forwarder);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`engine.io post answered ${res.status}: ${text}`);
  }

  private startPolling(): void {
    this.polling = (async () => {
      while (!this.closed) {
        const res = await fetch(this.base, { headers: { cookie: this.cookie } });
        this.workers.add(workerOf(res));
        const text = await res.text();
        if (res.status !== 200) throw new Error(`engine.io poll answered ${res.status}: ${text}`);
        for (const packet of text.split(SEPARATOR)) await this.receive(packet);
      }
    })().catch((err: Error) => {
      if (!this.closed) this.failure = err;
    });
  }

  private async receive(packet: string): Promise<void> {
    if (packet === '2') return void (await this.send('3')); // ping → pong
    if (packet.startsWith('40')) return void this.events.push({ name: '#connected', payload: null });
    if (packet.startsWith('44')) throw new Error(`socket.io refused the connection: ${packet.slice(2)}`);
    if (packet.startsWith('42')) {
      const [name, payload] = JSON.parse(packet.slice(2)) as [string, unknown];
      this.events.push({ name, payload });
    }
    if (packet === '1') this.closed = true;
  }

  private async waitFor(found: () => boolean, what: string): Promise<void> {
    await untilTrue(what, async () => {
      if (this.failure) throw this.failure;
      return found();
    });
  }

  /** The first event of this name whose payload passes `accept`. */
  async waitForEvent(name: string, accept: (payload: unknown) => boolean): Promise<unknown> {
    const match = () => this.events.find((e) => e.name === name && accept(e.payload));
    await this.waitFor(() => !!match(), `a ${name} event`);
    return match()!.payload;
  }

  /** Sends heartbeat answers (harmless) until one reached the other worker and was forwarded to the session's own. */
  async postUntilForwarded(): Promise<void> {
    await untilTrue('a post forwarded by the other worker', async () => {
      await this.send('3');
      return this.forwarders.size > 0;
    });
  }

  /** The workers that forwarded this session's posts to it. */
  forwardedBy(): Set<string> {
    return new Set(this.forwarders);
  }

  /** The workers that answered this session's polls and posts. */
  pollWorkers(): Set<string> {
    return new Set(this.workers);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.send('1').catch(() => undefined);
    this.closed = true;
    await this.polling;
  }
}
