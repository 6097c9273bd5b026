/** Files on the local disk under one folder (DATA_DIR for the embedded store), written by temporary name and rename. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkFileKey, type FileStore } from './files';

export function diskFileStore(root: string): FileStore {
  const pathOf = (key: string) => path.join(root, ...checkFileKey(key).split('/'));
  return {
    kind: 'disk',
    async put(key, data) {
      const target = pathOf(key);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      // A half-written file never carries the final name.
      const tmp = `${target}.${crypto.randomBytes(6).toString('hex')}.tmp`;
      try {
        if (Buffer.isBuffer(data)) await fsp.writeFile(tmp, data, { flag: 'wx' });
        else await pipeline(data, fs.createWriteStream(tmp, { flags: 'wx' }));
        await fsp.rename(tmp, target);
      } catch (err) {
        await fsp.rm(tmp, { force: true });
        throw err;
      }
    },
    async get(key) {
      const handle = await fsp.open(pathOf(key), 'r').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      return handle ? (handle.createReadStream() as unknown as Readable) : null;
    },
    async delete(key) {
      await fsp.rm(pathOf(key), { force: true });
    },
    async exists(key) {
      return fsp.stat(pathOf(key)).then(
        (s) => s.isFile(),
        () => false,
      );
    },
  };
}
