/**
 * npm run restore -- DIR — puts a backup written by npm run backup back into
 * DATA_DIR. Refuses while the server runs; the replaced data is kept aside
 * (README, "Backups").
 */
import { loadConfig } from '../server/config';
import { failWith, progressBar } from './backups/cli';
import { RestoreRefused, restoreBackup } from './backups/restore';

async function run(): Promise<void> {
  const src = process.argv[2];
  if (!src) throw new RestoreRefused('usage: npm run restore -- DIR (a directory written by npm run backup)');
  const config = loadConfig();
  if (config.mongodbUri)
    throw new RestoreRefused(
      'MONGODB_URI is set: restore MongoDB with mongorestore, which brings back the photos and mails too (GridFS); README, "Backups on MongoDB"',
    );
  const bar = progressBar('restore');
  const summary = await restoreBackup(config.dataDir, src, bar.progress).finally(() => bar.stop());
  const aside = summary.aside ? `; the data it replaced is kept in ${summary.aside}` : '';
  console.log(
    `restored the backup of ${summary.manifest.createdAt} into ${config.dataDir}: ${summary.manifest.counts.responses ?? 0} responses in ${(summary.ms / 1000).toFixed(1)} s${aside}`,
  );
}

run().catch((err) => failWith(err, (e) => e instanceof RestoreRefused));
