/** Image type by content: signatures of what phones upload, and the clean re-encode. */
import sharp from 'sharp';
import { cleanImage } from '../../server/services/visits/evidenceFiles';
import { sniffImage } from '../../server/services/visits/imageType';
import { jpegBytes, pngBytes } from '../helpers/visits';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

test('recognises JPEG, PNG, WebP, HEIC and AVIF by their first bytes, and nothing else', async () => {
  expect(sniffImage(await jpegBytes())).toBe('jpeg');
  expect(sniffImage(await pngBytes())).toBe('png');
  expect(
    sniffImage(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
        .webp()
        .toBuffer(),
    ),
  ).toBe('webp');
  expect(sniffImage(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]))).toBe('heic');
  expect(sniffImage(bytes([0, 0, 0, 0x1c], 'ftypmif1', [0, 0, 0, 0]))).toBe('heic');
  expect(sniffImage(bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0]))).toBe('avif');
  expect(sniffImage(bytes([0, 0, 0, 0x1c], 'ftypisom', [0, 0, 0, 0]))).toBeNull(); // an MP4 video
  expect(sniffImage(bytes('MZ', [0x90, 0, 3, 0]))).toBeNull(); // a Windows executable
  expect(sniffImage(bytes('GIF89a'))).toBeNull();
  expect(sniffImage(bytes([0xff, 0xd8]))).toBeNull(); // too short to be a JPEG
  expect(sniffImage(Buffer.alloc(0))).toBeNull();
});

test('refuses HEIC it cannot decode and a damaged JPEG with 415, naming the field', async () => {
  await expect(cleanImage(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]), 'evidence')).rejects.toMatchObject({
    status: 415,
    field: 'evidence',
    message: expect.stringContaining('HEIC'),
  });
  const truncated = (await jpegBytes()).subarray(0, 40);
  await expect(cleanImage(truncated, 'a_evidence_photos')).rejects.toMatchObject({ status: 415, field: 'a_evidence_photos' });
});

test('re-encodes with the EXIF orientation applied and no metadata left', async () => {
  // 64×48 stored with orientation 6 (rotate 90°): the clean image is 48×64 and has no EXIF.
  const rotated = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#09c' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const clean = await cleanImage(rotated, 'evidence');
  const meta = await sharp(clean.image).metadata();
  expect([meta.width, meta.height, meta.exif, meta.orientation]).toEqual([48, 64, undefined, undefined]);
  expect((await sharp(clean.thumb).metadata()).format).toBe('jpeg');
});
