/**
 * The file store contract, run against the embedded store's DATA_DIR files and,
 * when MONGODB_URI is set, GridFS. Two handles on the same data stand for two
 * app processes: a file one stores, the other reads.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { readAll, type FileStore } from '../../server/store/files';
import { twoEmbeddedHandles, twoMongoHandles, type TwoHandles } from './twoHandles';

function describeFileStoreContract(name: string, open: () => Promise<{ a: FileStore; b: FileStore; close(): Promise<void> }>) {
  describe(`File store contract: ${name}`, () => {
    let a: FileStore;
    let b: FileStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ a, b, close } = await open());
    });
    afterAll(() => close());
    const key = () => `evidence/ent-1/${crypto.randomBytes(8).toString('hex')}.jpg`;

    test('a stored file reads back byte for byte, from the other handle too', async () => {
      const k = key();
      const bytes = crypto.randomBytes(1000);
      expect(await b.exists(k)).toBe(false);
      expect(await b.get(k)).toBeNull();
      await a.put(k, bytes, { contentType: 'image/jpeg' });
      expect(await b.exists(k)).toBe(true);
      expect(await readAll((await b.get(k))!)).toEqual(bytes);
    });

    test('a large file put as a stream arrives whole', async () => {
      const k = key();
      const bytes = crypto.randomBytes(3 * 1024 * 1024 + 17);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
      await a.put(k, Readable.from(chunks));
      expect((await readAll((await b.get(k))!)).equals(bytes)).toBe(true);
    });

    test('putting a key again replaces the file; deleting it removes it, twice without error', async () => {
      const k = key();
      await a.put(k, Buffer.from('first'));
      await b.put(k, Buffer.from('second, longer'));
      expect((await readAll((await a.get(k))!)).toString()).toBe('second, longer');
      await a.delete(k);
      expect(await b.exists(k)).toBe(false);
      expect(await b.get(k)).toBeNull();
      await b.delete(k);
    });

    test('a key that could leave the store, or lies outside the folders a backup carries, is refused', async () => {
      for (const bad of [
        '../etc/passwd',
        'evidence/../../x',
        '/abs/path',
        'evidence//x',
        'evidence/.hidden',
        '',
        'servicestar.db',
        'session-secret',
        'reports/r-1.pdf',
        'evidence',
      ]) {
        await expect(a.put(bad, Buffer.from('x'))).rejects.toThrow('not a valid file key');
        await expect(a.get(bad)).rejects.toThrow('not a valid file key');
      }
    });
  });
}

const filesOf = async (open: Promise<TwoHandles>) => {
  const { a, b, close } = await open;
  return { a: a.files, b: b.files, close };
};

describeFileStoreContract('embedded (DATA_DIR)', () => filesOf(twoEmbeddedHandles('files')));

const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  describeFileStoreContract('MongoDB (GridFS)', () => filesOf(twoMongoHandles(mongoUri, 'files')));
} else {
  describe('File store contract: MongoDB (GridFS)', () => {
    test.skip('MongoDB leg skipped: no MONGODB_URI', () => undefined);
  });
}
