/**
 * Puts a backup back into DATA_DIR. Refuses while a server (or anything else)
 * has the store open, and refuses a backup that is incomplete or damaged. The
 * data it replaces is moved aside into DATA_DIR/before-restore-<time>/, never
 * deleted, and the restored store is counted against the backup's manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { runningServerPid } from '../../server/lifecycle';
import { DB_FILE } from '../../server/store/embedded';
import { collectionCounts, embeddedStoreInUse } from '../../server/store/embedded-backup';
import { checkStoreFile, checkStoreIntegrity } from '../../server/store/integrity';
import type { Progress } from './backup';
import { BACKUP_FORMAT, copyFiles, DATA_FOLDERS, listFiles, MANIFEST, type Manifest } from './files';
import { DAY_MS } from '../../server/services/calendar';

export class RestoreRefused extends Error {}

export interface RestoreSummary {
  manifest: Manifest;
  /** Where the replaced data now is (null when DATA_DIR held none). */
  aside: string | null;
  ms: number;
}

function readManifest(src: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(src, MANIFEST), 'utf8')) as Manifest;
  } catch {
    throw new RestoreRefused(`${src} is not a complete backup (no readable ${MANIFEST}): name a directory written by npm run backup`);
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.version !== 1) throw new RestoreRefused(`${src} is not a ServiceStar backup this version can restore`);
  return manifest;
}

/** Refuses while anything has the store open: restoring under a running server would corrupt it. */
export function assertNotRunning(dataDir: string): void {
  const pid = runningServerPid(dataDir);
  if (pid) throw new RestoreRefused(`a server is running on ${dataDir} (pid ${pid}): stop it first, then restore`);
  if (embeddedStoreInUse(path.join(dataDir, DB_FILE)))
    throw new RestoreRefused(`the store in ${dataDir} is open in another process (a running server or backup): stop it first, then restore`);
}

/** Moves the store and its folders out of the way; returns where to, or null when there was nothing. */
function moveAside(dataDir: string): string | null {
  const names = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, ...DATA_FOLDERS].filter((n) => fs.existsSync(path.join(dataDir, n)));
  if (!names.length) return null;
  const aside = path.join(dataDir, `before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(aside);
  for (const name of names) fs.renameSync(path.join(dataDir, name), path.join(aside, name));
  return aside;
}

export async function restoreBackup(dataDir: string, src: string, progress: Progress = () => undefined): Promise<RestoreSummary> {
  const began = Date.now();
  const manifest = readManifest(src);
  const backupStore = path.join(src, manifest.storeFile);
  try {
    checkStoreFile(backupStore);
    if (!fs.existsSync(backupStore)) throw new Error('its store file is missing');
    await checkStoreIntegrity(backupStore, DAY_MS);
  } catch (err) {
    throw new RestoreRefused(`the backup in ${src} cannot be trusted (${(err as Error).message.split(';')[0]}): choose another backup`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  assertNotRunning(dataDir);
  const aside = moveAside(dataDir);
  const files = [{ rel: manifest.storeFile, bytes: fs.statSync(backupStore).size }, ...DATA_FOLDERS.flatMap((folder) => listFiles(src, folder))];
  const total = files.reduce((n, f) => n + f.bytes, 0);
  let done = 0;
  await copyFiles(src, dataDir, files, (bytes) => progress((done += bytes), total, 'files'));
  const counts = collectionCounts(path.join(dataDir, DB_FILE));
  if (!isDeepStrictEqual(counts, manifest.counts))
    throw new Error(`the restored store's counts differ from the backup's manifest; the previous data is in ${aside ?? 'nowhere (DATA_DIR was empty)'}`);
  return { manifest, aside, ms: Date.now() - began };
}
