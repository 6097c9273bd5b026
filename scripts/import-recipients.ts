/**
 * Imports a recipient CSV into a campaign from the command line, with a
 * progress bar for checking and for importing, and a summary at the end.
 *
 *   node dist/scripts/import-recipients.js --campaign <id> --file list.csv [--encoding auto|utf-8|gbk]
 *
 * A file with any row error imports nothing: the errors are listed (row,
 * field, rule) and the exit code is 1.
 */
import fs from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { openDeps } from '../server/compose';
import { loadConfig } from '../server/config';
import type { CsvEncoding } from '../server/services/spreadsheet';
import { commitImport, stageImport } from '../server/services/campaigns/imports';
import type { Campaign } from '../server/services/campaigns/types';
import { systemActor, tenantContext } from '../server/services/context';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function run(): Promise<number> {
  const campaignId = option('campaign');
  const file = option('file');
  const encoding = (option('encoding') ?? 'auto') as CsvEncoding;
  if (!campaignId || !file || !['auto', 'utf-8', 'gbk'].includes(encoding)) {
    console.error('usage: import-recipients --campaign <id> --file <list.csv> [--encoding auto|utf-8|gbk]');
    return 2;
  }
  const { store } = await openDeps(loadConfig());
  try {
    // The operator names a campaign; its enterprise is found from it (a global lookup, then tenant-scoped work).
    const campaign = await store.collection<Campaign>('campaigns').findOne({ _id: campaignId });
    if (!campaign) {
      console.error(`campaign ${campaignId}: not found`);
      return 2;
    }
    const ctx = tenantContext(store, { ...systemActor(campaign.enterpriseId), userId: 'import-script' });
    const buffer = fs.readFileSync(file);
    const lines = buffer.reduce((n, byte) => (byte === 0x0a ? n + 1 : n), 0);
    const started = Date.now();
    const bar = new SingleBar(
      { format: '{phase} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left', hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(Math.max(lines, 1), 0, { phase: 'checking ' });
    const staged = await stageImport(
      ctx,
      campaign._id,
      { kind: 'csv', buffer, fileName: file, encoding },
      { onProgress: (done) => bar.update(Math.min(done, lines)) },
    );
    bar.update(Math.max(lines, 1));
    bar.stop();
    const summary = [
      `file: ${file} (${(buffer.length / 1e6).toFixed(1)} MB, ${staged.encoding ?? encoding})`,
      `rows: ${staged.rows}`,
      `valid: ${staged.valid}`,
      `duplicates skipped: ${staged.duplicateCount}`,
      `errors: ${staged.errorCount}`,
    ];
    if (staged.errorCount > 0) {
      console.log(summary.join('\n'));
      for (const e of staged.errors.slice(0, 20)) console.log(`  row ${e.row} · ${e.field}: ${e.rule}`);
      if (staged.errorCount > 20) console.log(`  … and ${staged.errorCount - 20} more`);
      console.log('nothing was imported: fix the rows above and run again');
      return 1;
    }
    if (staged.valid === 0) {
      console.log(`${summary.join('\n')}\nnothing new to import`);
      return 0;
    }
    const importing = new SingleBar(
      { format: '{phase} [{bar}] {percentage}% | {value}/{total} recipients | {eta_formatted} left', hideCursor: true },
      Presets.shades_classic,
    );
    importing.start(staged.valid, 0, { phase: 'importing' });
    const done = await commitImport(ctx, campaign._id, staged._id, { onProgress: (n) => importing.update(n) });
    importing.stop();
    summary.push(`imported: ${done.inserted}`, `time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`\n${summary.join('\n')}`);
    return 0;
  } finally {
    await store.close();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
