/**
 * A backup of a running installation: a directory holding a consistent copy
 * of the embedded store (as of one commit), the evidence photos, the outbox
 * and a manifest. It is written under a temporary name and renamed when
 * complete, so a directory with a manifest is always a whole backup.
 */
import fs from 'node:fs';
import path from 'node:path';
import { collectionCounts, snapshotEmbeddedStore } from '../../server/store/embedded-backup';
import { DB_FILE } from '../../server/store/embedded';
import { BACKUP_FORMAT, copyFiles, DATA_FOLDERS, listFiles, MANIFEST, type Manifest } from './files';

/** Progress: bytes done of an estimated total, and the step under way. */
export type Progress = (done: number, total: number, step: string) => void;

export class BackupRefused extends Error {}

export interface BackupSummary {
  dir: string;
  manifest: Manifest;
  /** Files deleted between listing and copying (a photo removed meanwhile). */
  vanished: number;
  ms: number;
}

const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

export async function takeBackup(dataDir: string, dest: string, progress: Progress = () => undefined): Promise<BackupSummary> {
  const began = Date.now();
  const storeFile = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(storeFile)) throw new BackupRefused(`no embedded store at ${storeFile}: check DATA_DIR`);
  if (fs.existsSync(dest) && fs.readdirSync(dest).length) throw new BackupRefused(`${dest} already exists and is not empty: name a new backup directory`);
  const partial = `${dest}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    // The store first: every photo its copy names was written before it (photos are stored before their visit is saved).
    let total = sizeOf(storeFile) + sizeOf(`${storeFile}-wal`);
    let done = 0;
    await snapshotEmbeddedStore(storeFile, path.join(partial, DB_FILE), (bytes) => progress(Math.min(bytes, total), total, 'store'));
    const storeBytes = sizeOf(path.join(partial, DB_FILE));
    done = storeBytes;
    const lists = DATA_FOLDERS.map((folder) => ({ folder, files: listFiles(dataDir, folder) }));
    total = storeBytes + lists.reduce((n, l) => n + l.files.reduce((m, f) => m + f.bytes, 0), 0);
    progress(done, total, 'files');
    const folders: Manifest['folders'] = {};
    let vanished = 0;
    for (const { folder, files } of lists) {
      const copied = await copyFiles(dataDir, partial, files, (bytes) => progress((done += bytes), total, folder));
      folders[folder] = { files: copied.copied, bytes: copied.bytes };
      vanished += copied.vanished;
    }
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      storeFile: DB_FILE,
      storeBytes,
      counts: collectionCounts(path.join(partial, DB_FILE)),
      folders,
    };
    fs.writeFileSync(path.join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    if (fs.existsSync(dest)) fs.rmdirSync(dest);
    fs.renameSync(partial, dest);
    return { dir: dest, manifest, vanished, ms: Date.now() - began };
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}
