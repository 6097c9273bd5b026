/**
 * The file store: evidence photos, their thumbnails and other blobs, behind one
 * small interface so that every app process sees every file. The embedded
 * store keeps them under DATA_DIR (as before); MongoDB keeps them in GridFS.
 * Keys are relative paths such as `evidence/<enterpriseId>/<name>.jpg`.
 */
import type { Readable } from 'node:stream';

export interface FileStore {
  readonly kind: 'disk' | 'gridfs';
  /** Stores (or replaces) the file; a reader never sees it half-written. */
  put(key: string, data: Buffer | Readable, meta?: { contentType?: string }): Promise<void>;
  /** The file's bytes as a stream; null when it does not exist. */
  get(key: string): Promise<Readable | null>;
  /** Removes it; a missing file is no error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The first segment of every key: evidence photos and outbox messages. On the
 * embedded store these are folders of DATA_DIR, and a backup carries exactly
 * these (scripts/backups/files.ts), so a new kind of file is added here or
 * refused, never silently left out of backups.
 */
export const FILE_ROOTS = ['evidence', 'outbox'] as const;

/** Keys come from stored records, never from a request; still, nothing may name a path outside the store. */
export function checkFileKey(key: string): string {
  const segments = key.split('/');
  const valid =
    segments.length >= 2 &&
    segments.length <= 8 &&
    (FILE_ROOTS as readonly string[]).includes(segments[0]!) &&
    segments.every((s) => SEGMENT.test(s) && !s.includes('..'));
  if (!valid) throw new Error(`not a valid file key: ${JSON.stringify(key)}`);
  return key;
}

/** Reads a whole file into memory (small files: thumbnails, tests). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
