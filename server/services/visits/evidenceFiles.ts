/**
 * Evidence photos in the store's file store: checked by content, decoded and
 * re-encoded by sharp (which applies the EXIF orientation and writes no
 * metadata, so GPS and camera data are never stored), with a small JPEG
 * thumbnail for reviewers. Keys are evidence/<enterpriseId>/<random name>
 * (under DATA_DIR on the embedded store, in GridFS on MongoDB); the uploaded
 * name is never part of a key.
 */
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, NotFoundError } from '../../errors';
import type { FileStore } from '../../store/files';
import { MIME, sniffImage, type ImageKind } from './imageType';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** 40 megapixels: any phone photo, but not a decompression bomb. */
const MAX_PIXELS = 40_000_000;
const THUMB_PX = 320;
const SAFE_SEGMENT = /^[A-Za-z0-9-]{1,64}$/;

export interface StoredImage {
  /** File-store keys (paths relative to the data folder on the embedded store). */
  file: string;
  thumb: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
}

function unsupported(field: string, message: string): AppError {
  return new AppError(415, 'unsupported_type', `${field}: ${message}`, field);
}

/** Re-encodes an upload: the output has the pixels and nothing else. */
export async function cleanImage(bytes: Buffer, field: string): Promise<{ kind: ImageKind; image: Buffer; thumb: Buffer; width: number; height: number }> {
  const kind = sniffImage(bytes);
  if (!kind) throw unsupported(field, 'must be a JPEG, PNG or WebP photo (checked by the file content, not its name)');
  if (kind === 'heic') throw unsupported(field, 'HEIC photos cannot be processed; set the camera to “Most Compatible” (JPEG) or share the photo as JPEG');
  // sharp (a native image library) loads with the first photo, not with every process that serves the app.
  const sharp = (await import('sharp')).default;
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

export async function storeImage(files: FileStore, enterpriseId: string, bytes: Buffer, field: string): Promise<StoredImage> {
  if (!SAFE_SEGMENT.test(enterpriseId)) throw new Error('enterprise id is not safe as a folder name');
  const clean = await cleanImage(bytes, field);
  const ext = clean.kind === 'jpeg' ? 'jpg' : clean.kind;
  const base = `evidence/${enterpriseId}/${crypto.randomBytes(16).toString('hex')}`;
  const image: StoredImage = {
    file: `${base}.${ext}`,
    thumb: `${base}.thumb.jpg`,
    mime: MIME[clean.kind],
    bytes: clean.image.length,
    width: clean.width,
    height: clean.height,
  };
  await files.put(image.file, clean.image, { contentType: image.mime });
  await files.put(image.thumb, clean.thumb, { contentType: 'image/jpeg' });
  return image;
}

/** A stored photo or its thumbnail, ready to send. */
export interface EvidenceFile {
  stream: Readable;
  mime: string;
}

/** Only keys of evidence records are ever read here. */
export async function openImage(files: FileStore, image: Pick<StoredImage, 'file' | 'thumb' | 'mime'>, variant: 'full' | 'thumb'): Promise<EvidenceFile> {
  const key = variant === 'thumb' ? image.thumb : image.file;
  if (!key.startsWith('evidence/')) throw new Error(`not an evidence file: ${key}`);
  const stream = await files.get(key);
  if (!stream) throw new NotFoundError('photo file');
  return { stream, mime: variant === 'thumb' ? 'image/jpeg' : image.mime };
}

export async function deleteImage(files: FileStore, image: Pick<StoredImage, 'file' | 'thumb'>): Promise<void> {
  // A missing file is already what we want.
  await Promise.all([image.file, image.thumb].map((key) => files.delete(key)));
}
