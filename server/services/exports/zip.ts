/**
 * A ZIP archive written as it streams: each entry is deflated while its bytes
 * come, its local header goes out before its data (sizes and CRC left zero,
 * general-purpose bit 3) and a data descriptor follows it, so no entry is ever
 * held whole; the central directory is written at the end from a few numbers
 * per entry. This is all an XLSX package needs (APPNOTE 6.3: headers 4.3.7,
 * descriptor 4.3.9, central directory 4.3.12, end record 4.3.16).
 *
 * No ZIP64: an entry stays below 4 GiB because its writer starts a new one
 * first (XLSX_BYTES_PER_SHEET), and an archive past 4 GiB of deflated XML
 * (about 40 GiB of sheets) fails loudly instead of writing a broken file.
 */
import type { Writable } from 'node:stream';
import { constants, crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { drained, firstOf } from './backpressure';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** Bit 11: the name is UTF-8; bit 3: sizes and CRC in a data descriptor after the data (an entry deflated as it streams). */
const UTF8_NAME = 0x0800;
const STREAMED = UTF8_NAME | 0x0008;
const DEFLATED = 8;
/** 2.0: deflate and data descriptors. */
const VERSION = 20;
const MAX_32 = 0xffffffff;

/**
 * Level 1 of 9: exported XML repeats itself so much that the fastest level still shrinks it 5–6 times;
 * zlib's default (6) made files a quarter smaller for about 2.5 CPU-seconds more at 150,000 rows (bench:export).
 */
export const ZIP_LEVEL = 1;

interface EntryRecord {
  name: Buffer;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** MS-DOS time and date fields of a moment (local fields of UTC: a zip has no zone). */
function dosTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

export interface ZipEntry {
  /** A promise only when the caller must wait (the compressor or the consumer is behind). */
  write(bytes: Buffer): Promise<void> | void;
  /** Uncompressed bytes written so far. */
  readonly size: number;
  end(): Promise<void>;
}

export class ZipStream {
  private readonly entries: EntryRecord[] = [];
  private offset = 0;
  private open: ZipEntry | null = null;
  private readonly stamp = dosTime(new Date());

  constructor(private readonly out: Writable) {}

  /** Set when the archive passed what a 32-bit offset holds; thrown to the writer at its next step (never from a stream event). */
  private failure: Error | null = null;

  private emit(bytes: Buffer): void {
    this.offset += bytes.length;
    if (this.offset > MAX_32) this.failure ??= new Error('zip: the archive passed 4 GiB, which needs ZIP64');
    if (!this.out.destroyed) this.out.write(bytes);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /**
   * The fields a local header and a central one share, in the same order: version needed, flags,
   * method, time, date, CRC, sizes, name length (local headers from byte 4, central ones from 6).
   */
  private sharedFields(header: Buffer, at: number, record: EntryRecord): void {
    header.writeUInt16LE(VERSION, at);
    header.writeUInt16LE(record.flags, at + 2);
    header.writeUInt16LE(DEFLATED, at + 4);
    header.writeUInt16LE(this.stamp.time, at + 6);
    header.writeUInt16LE(this.stamp.date, at + 8);
    header.writeUInt32LE(record.crc, at + 10);
    header.writeUInt32LE(record.compressed, at + 14);
    header.writeUInt32LE(record.size, at + 18);
    header.writeUInt16LE(record.name.length, at + 22);
  }

  /** A local file header; a streamed entry's CRC and sizes are zero here and follow in its data descriptor. */
  private localHeader(record: EntryRecord): void {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    this.sharedFields(header, 4, record);
    this.emit(Buffer.concat([header, record.name]));
  }

  private record(name: string, flags: number): EntryRecord {
    if (this.open) throw new Error(`zip: ${name} started before the previous entry ended`);
    return { name: Buffer.from(name, 'utf8'), flags, crc: 0, compressed: 0, size: 0, offset: this.offset };
  }

  /**
   * An entry whose deflated bytes were made elsewhere (a sheet filled on disk while another streamed),
   * copied as they are: its CRC and sizes are known, so they go in the header and no descriptor follows.
   */
  async deflated(name: string, known: { crc: number; size: number; compressed: number }, bytes: AsyncIterable<Buffer>): Promise<void> {
    const record = { ...this.record(name, UTF8_NAME), ...known };
    if (record.size > MAX_32 || record.compressed > MAX_32) throw new Error(`zip: ${name} passed 4 GiB, which needs ZIP64`);
    this.localHeader(record);
    for await (const chunk of bytes) {
      this.emit(chunk);
      this.check();
      await drained(this.out);
      if (this.out.destroyed) break;
    }
    this.entries.push(record);
  }

  /** Starts an entry deflated as its bytes come; the previous one must have ended. */
  entry(name: string): ZipEntry {
    const record = this.record(name, STREAMED);
    this.localHeader(record);

    const deflate: DeflateRaw = createDeflateRaw({ level: ZIP_LEVEL, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY });
    const out = this.out;
    // Deflated bytes go straight on; while the consumer is behind the compressor pauses, and its input backs up to the caller.
    deflate.on('data', (chunk: Buffer) => {
      record.compressed += chunk.length;
      this.emit(chunk);
      if (out.writableNeedDrain && !out.destroyed) {
        deflate.pause();
        void firstOf([
          [out, 'drain'],
          [out, 'close'],
        ]).then(() => deflate.resume());
      }
    });
    const flushed = new Promise<void>((resolve, reject) => {
      deflate.once('end', resolve);
      deflate.once('error', reject);
    });
    const entry: ZipEntry = {
      get size() {
        return record.size;
      },
      write: (bytes) => {
        this.check();
        record.crc = crc32(bytes, record.crc);
        record.size += bytes.length;
        if (record.size > MAX_32) throw new Error(`zip: ${name} passed 4 GiB, which needs ZIP64`);
        if (deflate.write(bytes) || out.destroyed) return undefined;
        return firstOf([
          [deflate, 'drain'],
          [out, 'close'],
        ]);
      },
      end: async () => {
        deflate.end();
        if (!out.destroyed) await flushed;
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
        descriptor.writeUInt32LE(record.crc, 4);
        descriptor.writeUInt32LE(record.compressed, 8);
        descriptor.writeUInt32LE(record.size, 12);
        this.emit(descriptor);
        this.check();
        this.entries.push(record);
        this.open = null;
        await drained(out);
      },
    };
    this.open = entry;
    return entry;
  }

  /** A small entry given whole. */
  async file(name: string, text: string): Promise<void> {
    const entry = this.entry(name);
    await entry.write(Buffer.from(text, 'utf8'));
    await entry.end();
  }

  /** Writes the central directory and ends the output. */
  async finish(): Promise<void> {
    if (this.open) throw new Error('zip: finished with an entry still open');
    const start = this.offset;
    for (const e of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(CENTRAL_HEADER, 0);
      header.writeUInt16LE(VERSION, 4); // made by: MS-DOS attributes, version 2.0
      this.sharedFields(header, 6, e);
      // Extra and comment lengths, disk number, attributes (30–41) stay zero.
      header.writeUInt32LE(e.offset, 42);
      this.emit(Buffer.concat([header, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.emit(end);
    this.check();
    if (!this.out.destroyed) this.out.end();
    await drained(this.out);
  }
}
