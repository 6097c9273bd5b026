/**
 * Reads a ZIP archive's central directory and checks every entry against its
 * local header, its data descriptor (when it has one) and its CRC, the way a
 * strict reader would: what the export's zip writer promises, checked apart
 * from exceljs (which forgives some of it).
 */
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntryFacts {
  name: string;
  flags: number;
  size: number;
  text: string;
}

export function zipEntries(zip: Buffer): ZipEntryFacts[] {
  const end = zip.length - 22;
  if (zip.readUInt32LE(end) !== 0x06054b50) throw new Error('no end-of-central-directory record at the end');
  const count = zip.readUInt16LE(end + 10);
  const directoryStart = zip.readUInt32LE(end + 16);
  if (directoryStart + zip.readUInt32LE(end + 12) !== end) throw new Error('the central directory does not end where the end record starts');
  const entries: ZipEntryFacts[] = [];
  let at = directoryStart;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`central header ${i} missing`);
    const flags = zip.readUInt16LE(at + 8);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);

    if (zip.readUInt32LE(offset) !== 0x04034b50) throw new Error(`${name}: no local header at its offset`);
    if (zip.readUInt16LE(offset + 6) !== flags) throw new Error(`${name}: local and central flags differ`);
    const dataStart = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + compressed));
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes inflated, ${size} recorded`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC differs`);
    if (flags & 0x0008) {
      const descriptor = dataStart + compressed;
      const facts = [zip.readUInt32LE(descriptor), zip.readUInt32LE(descriptor + 4), zip.readUInt32LE(descriptor + 8), zip.readUInt32LE(descriptor + 12)];
      if (facts.join() !== [0x08074b50, crc, compressed, size].join()) throw new Error(`${name}: data descriptor differs from the central directory`);
    } else if (zip.readUInt32LE(offset + 14) !== crc || zip.readUInt32LE(offset + 18) !== compressed || zip.readUInt32LE(offset + 22) !== size) {
      throw new Error(`${name}: local header sizes differ from the central directory`);
    }
    entries.push({ name, flags, size, text: data.toString('utf8') });
  }
  return entries;
}
