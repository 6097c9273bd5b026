/**
 * Evidence photos on disk: checked by content, decoded and re-encoded by sharp
 * (which applies the EXIF orientation and writes no metadata, so GPS and
 * camera data never reach the disk), with a small JPEG thumbnail for
 * reviewers. Files live under DATA_DIR/evidence/<enterpriseId>/ with random
 * names; the uploaded name is never part of a path.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../../config';
import { AppError } from '../../errors';
import type { Store } from '../../store/types';
import { MIME, sniffImage, type ImageKind } from './imageType';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** 40 megapixels: any phone photo, but not a decompression bomb. */
const MAX_PIXELS = 40_000_000;
const THUMB_PX = 320;
const SAFE_SEGMENT = /^[A-Za-z0-9-]{1,64}$/;

export interface StoredImage {
  /** Paths relative to the data folder. */
  file: string;
  thumb: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
}

const dataDirs = new WeakMap<Store, string>();

/** The app registers its store's data folder, so demo seeding writes where the app serves from. */
export function useDataDir(store: Store, dataDir: string): void {
  dataDirs.set(store, dataDir);
}

/** The data folder of `store`; before the app registered one (start-up seeding), the configured DATA_DIR. */
export function dataDirOf(store: Store): string {
  return dataDirs.get(store) ?? loadConfig().dataDir;
}

function unsupported(field: string, message: string): AppError {
  return new AppError(415, 'unsupported_type', `${field}: ${message}`, field);
}

/** Re-encodes an upload: the output has the pixels and nothing else. */
export async function cleanImage(bytes: Buffer, field: string): Promise<{ kind: ImageKind; image: Buffer; thumb: Buffer; width: number; height: number }> {
  const kind = sniffImage(bytes);
  if (!kind) throw unsupported(field, 'must be a JPEG, PNG or WebP photo (checked by the file content, not its name)');
  if (kind === 'heic') throw unsupported(field, 'HEIC photos cannot be processed; set the camera to “Most Compatible” (JPEG) or share the photo as JPEG');
  try {
    const source = () => sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    const out = source();
    const encoded = kind === 'png' ? out.png() : kind === 'webp' ? out.webp({ quality: 85 }) : out.jpeg({ quality: 85 });
    const { data: image, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumb = await source().resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
    return { kind: kind === 'avif' ? 'jpeg' : kind, image, thumb, width: info.width, height: info.height };
  } catch {
    throw unsupported(field, 'the image could not be read; it may be damaged or too large');
  }
}

/** Writes to a temporary name, then renames: a half-written file never carries the final name. */
async function writeAtomically(target: string, data: Buffer): Promise<void> {
  const tmp = `${target}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, data, { flag: 'wx' });
  await fs.rename(tmp, target);
}

export async function storeImage(dataDir: string, enterpriseId: string, bytes: Buffer, field: string): Promise<StoredImage> {
  if (!SAFE_SEGMENT.test(enterpriseId)) throw new Error('enterprise id is not safe as a folder name');
  const clean = await cleanImage(bytes, field);
  const ext = clean.kind === 'jpeg' ? 'jpg' : clean.kind;
  const name = crypto.randomBytes(16).toString('hex');
  const rel = path.posix.join('evidence', enterpriseId, name);
  await fs.mkdir(path.join(dataDir, 'evidence', enterpriseId), { recursive: true });
  await writeAtomically(path.join(dataDir, `${rel}.${ext}`), clean.image);
  await writeAtomically(path.join(dataDir, `${rel}.thumb.jpg`), clean.thumb);
  return { file: `${rel}.${ext}`, thumb: `${rel}.thumb.jpg`, mime: MIME[clean.kind], bytes: clean.image.length, width: clean.width, height: clean.height };
}

/** The absolute path of a stored file, refusing anything that would leave the evidence folder. */
export function evidencePath(dataDir: string, rel: string): string {
  const root = path.resolve(dataDir, 'evidence');
  const full = path.resolve(dataDir, rel);
  if (!full.startsWith(root + path.sep)) throw new Error(`evidence path escapes its folder: ${rel}`);
  return full;
}

export async function deleteImage(dataDir: string, image: Pick<StoredImage, 'file' | 'thumb'>): Promise<void> {
  // Best effort: a missing file is already what we want.
  await Promise.all([image.file, image.thumb].map((rel) => fs.rm(evidencePath(dataDir, rel), { force: true })));
}
