/**
 * The file store contract, run against the embedded store's DATA_DIR files and,
 * when MONGODB_URI is set, GridFS. Two handles on the same data stand for two
 * app processes: a file one stores, the other reads.
 */
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openEmbeddedStore } from '../../server/store/embedded';
import { readAll, type FileStore } from '../../server/store/files';
import { openMongoStore } from '../../server/store/mongo';

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

    test('a key that could leave the store is refused', async () => {
      for (const bad of ['../etc/passwd', 'evidence/../../x', '/abs/path', 'evidence//x', 'evidence/.hidden', '']) {
        await expect(a.put(bad, Buffer.from('x'))).rejects.toThrow('not a valid file key');
        await expect(a.get(bad)).rejects.toThrow('not a valid file key');
      }
    });
  });
}

describeFileStoreContract('embedded (DATA_DIR)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'servicestar-files-'));
  const [a, b] = [await openEmbeddedStore(dir), await openEmbeddedStore(dir)];
  return {
    a: a.files,
    b: b.files,
    async close() {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  describeFileStoreContract('MongoDB (GridFS)', async () => {
    const dbName = `servicestar_files_${process.pid}_${Date.now()}`;
    const [a, b] = [await openMongoStore(mongoUri, dbName), await openMongoStore(mongoUri, dbName)];
    return {
      a: a.files,
      b: b.files,
      async close() {
        await a.dropDatabase();
        await a.close();
        await b.close();
      },
    };
  });
} else {
  describe('File store contract: MongoDB (GridFS)', () => {
    test.skip('MongoDB leg skipped: no MONGODB_URI', () => undefined);
  });
}
