/**
 * WORKERS=N: the primary process forks N app processes and serves no request
 * itself. Each worker listens on the public port; Node's cluster module has
 * the primary accept each connection and pass it to the workers in turn, so
 * the primary never reads a byte of a request and a kept-alive connection
 * stays with its worker. @socket.io/cluster-adapter relays room broadcasts
 * between the processes; a long-poll that reaches a worker not holding its
 * socket.io session is forwarded by that worker (pollForwarding.ts), using the
 * private ports the primary shares here. A worker that dies is replaced;
 * SIGTERM stops them all and waits for each to finish.
 */
import cluster, { type Worker } from 'node:cluster';
import { setupPrimary as relayBroadcasts } from '@socket.io/cluster-adapter';
import type { Logger } from 'pino';
import { isReadyMessage, peersMessage, READY, type ReadyMessage } from './messages';

export interface PrimaryOptions {
  workers: number;
  logger: Logger;
  /** Workers still running after this long past SIGTERM are killed. */
  stopDeadlineMs?: number;
  /** Once every worker has exited, before the primary exits. */
  onStopped?: () => void;
}

export interface RunningPrimary {
  /** The public port the workers listen on. */
  port: number;
}

const DEFAULT_STOP_DEADLINE_MS = 20_000;

/** Starts the workers and waits until each serves. Rejects when a worker dies before it was ever ready (bad set-up would only loop). */
export async function runPrimary(opts: PrimaryOptions): Promise<RunningPrimary> {
  const { logger } = opts;
  // Round-robin hand-out by the primary (the default except on Windows): the kernel's own spread across listeners is uneven.
  cluster.schedulingPolicy = cluster.SCHED_RR;
  relayBroadcasts();
  // Binary socket.io packets relayed between workers must cross IPC as buffers.
  cluster.setupPrimary({ serialization: 'advanced' });

  let stopping = false;
  const serving = new Map<number, ReadyMessage>();
  let startupFailed: ((err: Error) => void) | null = null;

  /** Every worker learns where each serving worker takes forwarded long-polls. */
  const sharePollPorts = () => {
    const pollPorts = Object.fromEntries([...serving].map(([id, m]) => [String(id), m.pollPort]));
    for (const w of Object.values(cluster.workers ?? {})) if (w?.isConnected()) w.send(peersMessage(pollPorts));
  };

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (m: unknown) => {
      if (!isReadyMessage(m)) return;
      serving.set(worker.id, m);
      sharePollPorts();
      worker.emit(READY, m);
    });
    return worker;
  };
  const ready = (worker: Worker) => new Promise<ReadyMessage>((resolve) => worker.once(READY, resolve));

  cluster.on('exit', (worker, code, signal) => {
    const wasServing = serving.delete(worker.id);
    if (stopping) return;
    if (!wasServing) {
      startupFailed?.(new Error(`worker ${worker.id} exited during start-up (${signal ?? code})`));
      return;
    }
    sharePollPorts();
    logger.error({ worker: worker.id, workerPid: worker.process.pid, code, signal }, 'worker died; starting a replacement');
    const replacement = fork();
    void ready(replacement).then(() => logger.info({ worker: replacement.id, workerPid: replacement.process.pid }, 'replacement worker serving'));
  });

  const failed = new Promise<never>((_, reject) => (startupFailed = reject));
  const started = await Promise.race([Promise.all(Array.from({ length: opts.workers }, () => ready(fork()))), failed]).catch(async (err) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
    throw err;
  });
  startupFailed = null;

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping workers');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    const exited = workers.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    // Each worker stops listening, finishes its requests and jobs and closes its store (its own SIGTERM handler).
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
  return { port: started[0]!.port };
}
