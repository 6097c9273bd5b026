/**
 * The server's life after start-up: a pid file in DATA_DIR while it runs (so
 * `npm run restore` can refuse), and an orderly shutdown on SIGTERM/SIGINT
 * within a deadline: stop accepting, let in-flight requests finish, stop the
 * jobs, close the sockets, let the last commits reach the disk, close the
 * store, log the outcome, exit 0. Past the deadline it exits 1.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import type { LogOutput } from './logger';

export const PID_FILE = 'servicestar.pid';
/** Log lines get this long to reach stdout before exit. */
const LOG_FLUSH_MS = 1000;

export interface ShutdownParts {
  server: http.Server;
  logger: Logger;
  logOutput: LogOutput;
  deadlineMs: number;
  dataDir: string;
  /** False in a cluster worker: its primary holds the pid file for the group (default true). */
  ownsPidFile?: boolean;
  /** Told first, so readiness turns false while requests drain. */
  onStopping(): void;
  /**
   * The job worker and timers (session pruning): told to stop at once, so no
   * new job is claimed; the jobs in hand are awaited before the store closes.
   */
  stopJobs: Array<() => void | Promise<void>>;
  /** socket.io and its adapter. */
  closeRealtime(): Promise<void>;
  /** Waits for the commits under way and closes the store. */
  closeStore(): Promise<void>;
  exit?(code: number): void;
}

/** Writes DATA_DIR/servicestar.pid; removed again at shutdown. */
function writePidFile(dataDir: string): void {
  fs.writeFileSync(path.join(dataDir, PID_FILE), `${process.pid}\n`);
}

/** The pid in DATA_DIR/servicestar.pid when that process is alive (not this one), else null. */
export function runningServerPid(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: alive, owned by another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

function removePidFile(dataDir: string): void {
  fs.rmSync(path.join(dataDir, PID_FILE), { force: true });
}

/** Counts requests whose response has not finished, and asks keep-alive clients to leave once stopping. */
function trackRequests(server: http.Server) {
  let inFlight = 0;
  let stopping = false;
  let settled: (() => void) | null = null;
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight++;
    if (stopping) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight--;
      if (stopping) server.closeIdleConnections();
      if (inFlight === 0) settled?.();
    });
  });
  return {
    get inFlight() {
      return inFlight;
    },
    /** Resolves once no request is in flight. */
    drain(): Promise<void> {
      stopping = true;
      server.closeIdleConnections();
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => (settled = resolve));
    },
  };
}

/** Writes DATA_DIR/servicestar.pid for a process that serves through others (a cluster primary); returns its removal. */
export function holdPidFile(dataDir: string): () => void {
  writePidFile(dataDir);
  return () => removePidFile(dataDir);
}

/** Writes the pid file and installs the SIGTERM/SIGINT handlers; call once the server is created. */
export function handleShutdownSignals(parts: ShutdownParts): void {
  const ownsPidFile = parts.ownsPidFile ?? true;
  if (ownsPidFile) writePidFile(parts.dataDir);
  const requests = trackRequests(parts.server);
  const exit = parts.exit ?? ((code: number) => process.exit(code));
  let started = false;

  const finish = async (code: number) => {
    await parts.logOutput.flush(LOG_FLUSH_MS);
    exit(code);
  };

  const shutdown = async (signal: string) => {
    if (started) return void parts.logger.warn({ signal }, 'already shutting down');
    started = true;
    const began = Date.now();
    parts.logger.info({ signal, deadlineMs: parts.deadlineMs }, 'shutting down');
    parts.onStopping();
    const deadline = setTimeout(() => {
      parts.logger.error({ inFlight: requests.inFlight, deadlineMs: parts.deadlineMs }, 'shutdown deadline passed: exiting with requests still in flight');
      void finish(1);
    }, parts.deadlineMs);
    try {
      const closed = new Promise<void>((resolve) => parts.server.close(() => resolve()));
      const jobsStopped = Promise.all(parts.stopJobs.map((stop) => stop()));
      await requests.drain();
      await jobsStopped;
      await parts.closeRealtime();
      parts.server.closeAllConnections();
      await closed;
      await parts.closeStore();
      if (ownsPidFile) removePidFile(parts.dataDir);
      clearTimeout(deadline);
      parts.logger.info({ signal, ms: Date.now() - began }, 'shutdown complete: every request answered, the store closed');
      await finish(0);
    } catch (err) {
      clearTimeout(deadline);
      parts.logger.error({ err }, 'shutdown failed');
      await finish(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
