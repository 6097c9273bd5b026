/**
 * Files in MongoDB's GridFS (the official driver's GridFSBucket), so every app
 * process on every machine sees every file. A key is a GridFS filename; a put
 * uploads a new revision and then removes the older ones, so readers see the
 * old file or the new one, never a part.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, type Db } from 'mongodb';
import { checkFileKey, type FileStore } from './files';

export function gridFsFileStore(db: Db, bucketName = 'files'): FileStore {
  const bucket = new GridFSBucket(db, { bucketName });
  const revisions = (key: string) => bucket.find({ filename: checkFileKey(key) }, { sort: { uploadDate: -1, _id: -1 } }).toArray();
  return {
    kind: 'gridfs',
    async put(key, data, meta) {
      const upload = bucket.openUploadStream(checkFileKey(key), meta?.contentType ? { metadata: { contentType: meta.contentType } } : {});
      await pipeline(Buffer.isBuffer(data) ? Readable.from([data]) : data, upload);
      for (const old of await revisions(key)) if (!old._id.equals(upload.id)) await bucket.delete(old._id);
    },
    async get(key) {
      const [latest] = await revisions(key);
      return latest ? bucket.openDownloadStream(latest._id) : null;
    },
    async delete(key) {
      for (const file of await revisions(key)) await bucket.delete(file._id).catch(() => undefined);
    },
    async exists(key) {
      return (await revisions(key)).length > 0;
    },
  };
}
