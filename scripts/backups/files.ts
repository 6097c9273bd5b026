/**
 * What a backup holds besides the store: the evidence photos and the outbox,
 * as plain files under the same relative paths. Files that vanish while being
 * copied (a photo deleted meanwhile) are left out and counted, not fatal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FILE_ROOTS } from '../../server/store/files';

/** Folders of DATA_DIR that a backup carries, next to the store file: the embedded file store, every root of it. */
export const DATA_FOLDERS = FILE_ROOTS;
export const MANIFEST = 'manifest.json';
export const BACKUP_FORMAT = 'servicestar-backup';

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  /** The store file inside the backup (embedded store only). */
  storeFile: string;
  storeBytes: number;
  /** Documents per collection in the copy, for the summary and for checking a restore. */
  counts: Record<string, number>;
  folders: Record<string, { files: number; bytes: number }>;
}

export interface FileEntry {
  rel: string;
  bytes: number;
}

/** Every file under root/folder, with sizes; a missing folder has none. */
export function listFiles(root: string, folder: string): FileEntry[] {
  const out: FileEntry[] = [];
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const entry of entries) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        try {
          out.push({ rel: child, bytes: fs.statSync(path.join(root, child)).size });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    }
  };
  walk(folder);
  return out;
}

/** Copies the listed files from one root to another; returns how many were copied and how many had vanished. */
export async function copyFiles(
  from: string,
  to: string,
  files: FileEntry[],
  onBytes: (bytes: number) => void,
): Promise<{ copied: number; vanished: number; bytes: number }> {
  let copied = 0;
  let vanished = 0;
  let bytes = 0;
  for (const file of files) {
    const dest = path.join(to, file.rel);
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    try {
      await fs.promises.copyFile(path.join(from, file.rel), dest, fs.constants.COPYFILE_EXCL);
      copied++;
      bytes += file.bytes;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      vanished++;
    }
    onBytes(file.bytes);
  }
  return { copied, vanished, bytes };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
