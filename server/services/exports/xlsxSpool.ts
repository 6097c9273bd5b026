/**
 * A sheet deflated into a temporary file while another sheet streams to the
 * download, so one pass over the rows can fill several sheets (the responses
 * export's channel sheets); the zip then copies its bytes as they are, with
 * the CRC and sizes counted here. The file is removed however the export ends.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { firstOf } from './backpressure';
import type { ByteTarget } from './xlsxSheet';
import { ZIP_LEVEL } from './zip';

export class SpoolFile implements ByteTarget {
  crc = 0;
  size = 0;
  compressed = 0;
  private readonly deflate: DeflateRaw;
  private readonly file: WriteStream;
  private readonly written: Promise<void>;

  private constructor(readonly filePath: string) {
    this.deflate = createDeflateRaw({ level: ZIP_LEVEL, memLevel: 9 });
    this.file = createWriteStream(filePath);
    this.deflate.on('data', (chunk: Buffer) => (this.compressed += chunk.length));
    this.written = new Promise((resolve, reject) => {
      this.file.once('finish', resolve);
      this.file.once('error', reject);
      this.deflate.once('error', reject);
    });
    this.written.catch(() => undefined); // seen by finish(); a failed spool must not crash the process before that
    this.deflate.pipe(this.file);
  }

  /** A spool in its own new directory under the system's temporary one. */
  static async create(): Promise<SpoolFile> {
    const dir = await mkdtemp(path.join(tmpdir(), 'servicestar-xlsx-'));
    return new SpoolFile(path.join(dir, 'sheet.xml.deflated'));
  }

  write(bytes: Buffer): Promise<void> | void {
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (this.deflate.write(bytes)) return undefined;
    return firstOf([
      [this.deflate, 'drain'],
      [this.deflate, 'error'],
    ]);
  }

  /** Ends the deflated stream and waits until it is all on disk. */
  async finish(): Promise<void> {
    this.deflate.end();
    await this.written;
  }

  bytes(): AsyncIterable<Buffer> {
    return createReadStream(this.filePath, { highWaterMark: 64 * 1024 });
  }

  async remove(): Promise<void> {
    this.deflate.destroy();
    this.file.destroy();
    await rm(path.dirname(this.filePath), { recursive: true, force: true });
  }
}
