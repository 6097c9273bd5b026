/**
 * Which errors mean the store (or the disk under DATA_DIR) cannot take writes
 * now: disk full, read-only, I/O errors, an unreachable MongoDB primary. They
 * are recognised by error type and code, never by message text; such a fault
 * is the server's condition, not the request's, so the client is told to
 * retry (503) rather than that something broke (500).
 */
import type * as MongoDriver from 'mongodb';

/** SQLite result codes (extended codes start with these, e.g. SQLITE_IOERR_FSYNC, SQLITE_READONLY_DBMOVED). */
const SQLITE_FAULTS = ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN'];
/** errno codes from file writes (evidence photos, the outbox, the log's fsync). */
const ERRNO_FAULTS = new Set(['ENOSPC', 'EROFS', 'EIO', 'EDQUOT']);
/** MongoDB server codes: OutOfDiskSpace, NotWritablePrimary, NotPrimaryNoSecondaryOk, PrimarySteppedDown, ShutdownInProgress, InterruptedAtShutdown. */
const MONGO_FAULTS = new Set([14031, 10107, 13435, 189, 91, 11600]);

/**
 * The driver's own error classes decide (a subclass such as MongoNetworkTimeoutError counts too). Every driver
 * error is named "Mongo…", so the driver is loaded here only for such an error: an embedded install never loads
 * it, and a MongoDB one has loaded it already (store/mongo.ts).
 */
function isMongoUnreachable(err: unknown): boolean {
  if (!(err instanceof Error) || !err.name.startsWith('Mongo')) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (above); storageFaultOf is synchronous
  const { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError } = require('mongodb') as typeof MongoDriver;
  return err instanceof MongoNetworkError || err instanceof MongoServerSelectionError || err instanceof MongoNotConnectedError;
}

/** The fault's code (e.g. "SQLITE_FULL", "ENOSPC", "mongo_unreachable") when err is a storage fault, else null. */
export function storageFaultOf(err: unknown): string | null {
  if (isMongoUnreachable(err)) return 'mongo_unreachable';
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (ERRNO_FAULTS.has(code)) return code;
    if (SQLITE_FAULTS.some((c) => code === c || code.startsWith(`${c}_`))) return code;
  }
  if (typeof code === 'number' && MONGO_FAULTS.has(code)) return `mongo_${code}`;
  return null;
}
