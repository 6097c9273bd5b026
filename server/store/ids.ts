/**
 * Time-ordered ids (UUID version 7 layout: 48-bit milliseconds, then random
 * bits). Inserting in id order keeps the primary-key B-tree append-only, which
 * held the embedded store at ~28k inserts/s at 1M responses where random
 * UUIDs fell to ~12k/s (scripts/bench/store.ts).
 */
import crypto from 'node:crypto';

/** Random bytes drawn a pool at a time: one call into the system's generator per 256 ids, not one per id (every submission makes one). */
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let used = POOL_IDS;

export function timeOrderedId(now = Date.now()): string {
  if (used === POOL_IDS) {
    crypto.randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(16 * used, 16 * ++used));
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
