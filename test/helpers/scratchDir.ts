/**
 * Where a jest run keeps its temporary files (every world's DATA_DIR, spawned servers'
 * data, uploads): a fresh folder in memory (/dev/shm) when the machine has one.
 * The embedded store fsyncs its log before it answers each write; on a busy shared
 * disk those waits made up most of a request-heavy suite's time (tenancy: about 150 s
 * of 260 s spent idle on a loaded machine). A tmpfs makes fsync free; what the tests
 * check (data written before a kill -9 is there after the restart) holds the same.
 * An explicit TMPDIR is kept.
 */
import fs from 'node:fs';
import path from 'node:path';

const MEMORY_FS = '/dev/shm';
/** Room the stores, uploads and exports of a whole run need, with a margin. */
const MIN_FREE_BYTES = 2 * 1024 ** 3;

/** Points TMPDIR (read by os.tmpdir() here, in the workers and in spawned processes) at a new folder in memory; returns it, or null if it kept TMPDIR. */
export function useMemoryTmpDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.TMPDIR) return null;
  try {
    fs.accessSync(MEMORY_FS, fs.constants.W_OK);
    // Containers often give /dev/shm only 64 MB: too little for a run's stores, so the disk it is there.
    const free = fs.statfsSync(MEMORY_FS);
    if (free.bavail * free.bsize < MIN_FREE_BYTES) return null;
  } catch {
    return null;
  }
  const dir = fs.mkdtempSync(path.join(MEMORY_FS, 'servicestar-tests-'));
  env.TMPDIR = dir;
  return dir;
}
