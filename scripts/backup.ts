/**
 * npm run backup -- DIR — a consistent backup of the running installation's
 * embedded store, evidence photos and outbox into a new directory DIR (see
 * README, "Backups"). Safe while the server runs.
 */
import { loadConfig } from '../server/config';
import { BackupRefused, takeBackup } from './backups/backup';
import { failWith, progressBar } from './backups/cli';
import { formatBytes } from './backups/files';

async function run(): Promise<void> {
  const dest = process.argv[2];
  if (!dest) throw new BackupRefused('usage: npm run backup -- DIR (a new directory for the backup)');
  const config = loadConfig();
  if (config.mongodbUri)
    throw new BackupRefused('MONGODB_URI is set: back up MongoDB with mongodump, which holds the photos and mails too (GridFS); README, "Backups on MongoDB"');
  const bar = progressBar('backup');
  const summary = await takeBackup(config.dataDir, dest, bar.progress).finally(() => bar.stop());
  const { manifest } = summary;
  const folders = Object.entries(manifest.folders)
    .map(([name, f]) => `${name} ${f.files} files (${formatBytes(f.bytes)})`)
    .join(', ');
  const vanished = summary.vanished ? `; ${summary.vanished} files were deleted while copying and are not in it` : '';
  console.log(
    `backup written to ${summary.dir}: store ${formatBytes(manifest.storeBytes)} (${manifest.counts.responses ?? 0} responses), ${folders} in ${(summary.ms / 1000).toFixed(1)} s${vanished}`,
  );
}

run().catch((err) => failWith(err, (e) => e instanceof BackupRefused));
