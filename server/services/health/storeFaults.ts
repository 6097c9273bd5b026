/**
 * A storage fault (disk full, read-only, I/O error, an unreachable MongoDB
 * primary; see store/faults.ts) is the server's condition, not the request's:
 * the client is told to retry later (503) instead of that something broke.
 */
import { StoreUnavailableError } from '../../errors';
import { storageFaultOf } from '../../store/faults';

/** The 503 a storage fault answers with, or null when err is not one. */
export function storeUnavailableError(err: unknown): StoreUnavailableError | null {
  const fault = storageFaultOf(err);
  return fault ? new StoreUnavailableError(fault) : null;
}
