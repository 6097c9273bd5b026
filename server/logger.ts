import { write } from 'node:fs';
import pino, { type Logger } from 'pino';

/** Bytes of log lines waiting for stdout at most; past it new lines are dropped (and counted), never kept in unbounded memory. */
const MAX_WAITING_BYTES = 4 * 1024 * 1024;
/** A write returning EAGAIN (a non-blocking pipe, full) is retried after this pause. */
const RETRY_MS = 20;

/**
 * Where log lines go: stdout, written off the event loop, one write at a
 * time. Logging can never crash or hang the server: a line that cannot be
 * written (a full disk under a redirected stdout, a closed pipe, an I/O error)
 * is dropped and counted, and lines wait in a bounded buffer while stdout is
 * slow. pino's own destination throws on ENOSPC (an uncaught error) and spins
 * on EAGAIN, which is what took servers down on a full disk.
 */
export class LogOutput {
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private writing = false;
  /** The reader is gone for good (EPIPE): nothing more is tried. */
  private closed = false;
  private drained: Array<() => void> = [];
  /** Lines dropped since start. */
  dropped = 0;

  constructor(private readonly fd: number) {}

  /** pino's destination interface: one line, synchronous, never throws. */
  write(line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    if (this.closed || this.waitingBytes + bytes.length > MAX_WAITING_BYTES) {
      this.dropped++;
      return;
    }
    this.waiting.push(bytes);
    this.waitingBytes += bytes.length;
    if (!this.writing) this.pump();
  }

  private pump(): void {
    if (!this.waiting.length) {
      this.writing = false;
      this.drained.splice(0).forEach((resolve) => resolve());
      return;
    }
    this.writing = true;
    // Lines logged while this write runs wait behind it.
    const batch = this.waiting.splice(0);
    const chunk = batch.length === 1 ? batch[0]! : Buffer.concat(batch);
    write(this.fd, chunk, 0, chunk.length, null, (err, written) => {
      if (err?.code === 'EAGAIN') {
        this.waiting.unshift(chunk);
        return void setTimeout(() => this.pump(), RETRY_MS).unref();
      }
      this.waitingBytes -= chunk.length;
      if (err) {
        this.dropped += batch.length;
        if (err.code === 'EPIPE' || err.code === 'EBADF') this.closed = true;
      } else if (written < chunk.length) {
        // The rest of a partial write goes first next time.
        const rest = chunk.subarray(written);
        this.waiting.unshift(rest);
        this.waitingBytes += rest.length;
      }
      this.pump();
    });
  }

  /** Resolves once the lines written so far are out (or dropped), or after timeoutMs, whichever is first. */
  flush(timeoutMs: number): Promise<void> {
    if (!this.writing) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      this.drained.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** The process's stdout log. */
export const stdoutLog = new LogOutput(1);

/**
 * console.log (the start-up banner) writes through process.stdout, which emits
 * 'error' on a closed pipe or a full disk: unheard, that ends the process.
 * Such a line is lost and counted like a log line.
 */
export function guardStdio(output: LogOutput = stdoutLog): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') === 0) stream.on('error', () => void output.dropped++);
  }
}

/** Structured JSON logs; secrets and personal data are redacted at the source. */
export function createLogger(level: string, output: LogOutput = stdoutLog): Logger {
  return pino(
    {
      level,
      redact: { paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'phone', '*.phone', 'token', '*.token'], censor: '[redacted]' },
    },
    output,
  );
}
