import fs from 'node:fs';
import { makeDataDir } from '../config';
import os from 'node:os';
import path from 'node:path';
import { StartupError } from './errors';

/**
 * DATA_DIR holds the store, the outbox and evidence photos: a folder the app cannot
 * write would otherwise show up later, as failed requests. Checked by writing a file.
 */
export function assertDataDirWritable(dataDir: string): void {
  const probe = path.join(dataDir, `.write-check-${process.pid}`);
  try {
    makeDataDir(dataDir);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new StartupError(`DATA_DIR ${dataDir} is not writable (${code}): give ${currentUser()} write access, or set DATA_DIR to another folder`);
  }
}

function currentUser(): string {
  try {
    return `user ${os.userInfo().username}`;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`; // a container's uid without a passwd entry
  }
}
