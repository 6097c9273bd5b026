/**
 * Start-up failures as one line each (what is wrong and what to do) and a non-zero
 * exit code, instead of a stack trace: 2 for configuration, 1 for everything else.
 */
import { ConfigError } from '../config';
import { StoreDamagedError } from '../store/integrity';

/** A failure whose message is already the line to print. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

interface SystemError extends Error {
  code?: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** Why the store could not be opened, with the place it was looked for. */
export function storeOpenError(err: unknown, where: { mongodb: boolean; dataDir: string }): StartupError | StoreDamagedError {
  if (err instanceof StartupError) return err;
  // A damaged store already says what is wrong and what to do; main.ts exits 3 on it.
  if (err instanceof StoreDamagedError) return err;
  const e = err as SystemError;
  if (where.mongodb) {
    // The URI may carry a password: name the cause, never the URI.
    return new StartupError(`MongoDB cannot be reached (${e.name}: ${oneLine(e.message)}): check MONGODB_URI and that the server runs`);
  }
  return new StartupError(
    `the embedded store in ${where.dataDir} cannot be opened (${e.code ?? e.name}: ${oneLine(e.message)}): check the folder and servicestar.db, or restore a backup`,
  );
}

export function startupErrorLines(err: unknown): string[] {
  if (err instanceof ConfigError) return err.message.split('\n');
  const e = err as SystemError;
  if (err instanceof StartupError) return [`ServiceStar cannot start: ${oneLine(e.message)}`];
  if (e?.syscall === 'listen') {
    const where = `${e.address ?? ''}:${e.port ?? ''}`;
    if (e.code === 'EADDRINUSE')
      return [`ServiceStar cannot start: port ${e.port} is already in use (${where}): stop the other program or set PORT to a free port`];
    if (e.code === 'EACCES') return [`ServiceStar cannot start: this user may not listen on ${where}: set PORT above 1023`];
    if (e.code === 'EADDRNOTAVAIL') return [`ServiceStar cannot start: ${e.address} is not an address of this machine: set HOST`];
  }
  if (e?.code && e.path) return [`ServiceStar cannot start: ${e.path}: ${e.code} (${oneLine(e.message)})`];
  return [`ServiceStar cannot start: ${oneLine(e?.message ?? String(err))}`];
}

/** Prints the lines (and the stack only at LOG_LEVEL=debug or trace) and exits. */
export function exitOnStartupError(err: unknown): never {
  for (const line of startupErrorLines(err)) console.error(line);
  if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '') && err instanceof Error) console.error(err.stack);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
