/**
 * WORKERS=N: the primary process owns the listening socket and hands each
 * connection to one of N app processes (Node's cluster module). It serves no
 * request itself. @socket.io/sticky routes a polling client's every request
 * to the process that holds its socket.io session; @socket.io/cluster-adapter
 * relays room broadcasts between the processes. A worker that dies is
 * replaced; SIGTERM stops them all and waits for each to finish.
 */
import cluster, { type Worker } from 'node:cluster';
import http from 'node:http';
import { setupPrimary as relayBroadcasts } from '@socket.io/cluster-adapter';
import { setupMaster as routeStickily } from '@socket.io/sticky';
import type { Logger } from 'pino';
import { listen } from '../startup/listen';
import { isReadyMessage, READY } from './messages';

export interface PrimaryOptions {
  workers: number;
  port: number;
  host: string;
  logger: Logger;
  /** Workers still running after this long past SIGTERM are killed. */
  stopDeadlineMs?: number;
  /** Once every worker has exited, before the primary exits. */
  onStopped?: () => void;
}

export interface RunningPrimary {
  port: number;
}

const DEFAULT_STOP_DEADLINE_MS = 20_000;

/** Starts the workers, waits until each serves, then listens. Rejects when a worker dies before it was ever ready (bad set-up would only loop). */
export async function runPrimary(opts: PrimaryOptions): Promise<RunningPrimary> {
  const { logger } = opts;
  const server = http.createServer();
  // Round-robin, not least-connection: plain HTTP carries no socket.io session, and least-connection would send every such request to one worker.
  routeStickily(server, { loadBalancingMethod: 'round-robin' });
  relayBroadcasts();
  // Buffers (the first bytes of a handed-over connection, binary socket.io packets) must cross IPC as buffers.
  cluster.setupPrimary({ serialization: 'advanced' });

  let stopping = false;
  const everReady = new Set<number>();
  let startupFailed: ((err: Error) => void) | null = null;

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (m: unknown) => {
      if (isReadyMessage(m)) {
        everReady.add(worker.id);
        worker.emit(READY);
      }
    });
    return worker;
  };
  const ready = (worker: Worker) => new Promise<void>((resolve) => worker.once(READY, () => resolve()));

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (!everReady.has(worker.id)) {
      startupFailed?.(new Error(`worker ${worker.id} exited during start-up (${signal ?? code})`));
      return;
    }
    logger.error({ worker: worker.id, workerPid: worker.process.pid, code, signal }, 'worker died; starting a replacement');
    const replacement = fork();
    void ready(replacement).then(() => logger.info({ worker: replacement.id, workerPid: replacement.process.pid }, 'replacement worker serving'));
  });

  const failed = new Promise<never>((_, reject) => (startupFailed = reject));
  await Promise.race([Promise.all(Array.from({ length: opts.workers }, () => ready(fork()))), failed]).catch(async (err) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
    throw err;
  });
  startupFailed = null;

  const port = await listen(server, opts.port, opts.host);

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping workers');
    server.close();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    const exited = workers.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    // Each worker finishes its requests and jobs and closes its store (its own SIGTERM handler).
    for (const w of workers) w.process.kill('SIGTERM');
    const deadline = setTimeout(() => {
      logger.warn('workers still running at the stop deadline: killing them');
      for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
    }, opts.stopDeadlineMs ?? DEFAULT_STOP_DEADLINE_MS);
    await Promise.all(exited);
    clearTimeout(deadline);
    opts.onStopped?.();
    const clean = workers.every((w) => w.process.exitCode === 0);
    logger.info({ clean }, 'all workers stopped');
    process.exit(clean ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return { port };
}
