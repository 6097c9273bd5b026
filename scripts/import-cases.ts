/**
 * Imports service cases for follow-up calls from a CSV file, with a progress
 * bar and a summary (row errors with row, field and rule; duplicates skipped).
 *
 *   npm run build && node dist/scripts/import-cases.js --enterprise huaxing cases.csv
 *
 * Exits 1 when some rows were refused (the good rows are stored), 2 on bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { openDeps } from '../server/compose';
import { loadConfig } from '../server/config';
import type { Enterprise } from '../server/services/accounts/enterprises';
import { estimateRows } from '../server/services/calls/csv';
import { decodeCsv } from '../server/services/spreadsheet';
import { importCaseFile } from '../server/services/calls/imports';
import { systemActor, tenantContext } from '../server/services/context';

const SHOWN_ERRORS = 20;

function usage(message: string): never {
  console.error(`${message}\nusage: node dist/scripts/import-cases.js --enterprise <code> <file.csv>`);
  process.exit(2);
}

function parseArgs(argv: string[]): { enterprise: string; file: string } {
  const at = argv.indexOf('--enterprise');
  const enterprise = at >= 0 ? argv[at + 1] : undefined;
  const file = argv.filter((_, i) => i !== at && i !== at + 1)[0];
  if (!enterprise) usage('--enterprise: the enterprise code is required');
  if (!file) usage('file: the CSV file is required');
  return { enterprise, file };
}

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.file)) usage(`file: ${args.file} does not exist`);
  const { store } = await openDeps(loadConfig());
  try {
    const enterprise = await store.collection<Enterprise>('enterprises').findOne({ code: args.enterprise });
    if (!enterprise) usage(`--enterprise: no enterprise with code ${args.enterprise}`);
    const ctx = tenantContext(store, systemActor(enterprise._id));
    const text = decodeCsv(fs.readFileSync(args.file)).text;
    const bar = new SingleBar(
      { format: `${path.basename(args.file).padEnd(20)} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left`, hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(estimateRows(text), 0);
    const record = await importCaseFile(ctx, text, path.basename(args.file), (rows) => bar.update(rows));
    bar.update(record.rows);
    bar.stop();
    console.log(
      `\n${enterprise.code}: ${record.rows} rows → ${record.created} new cases, ${record.duplicateCount} duplicates skipped, ${record.errorCount} row errors in ${(record.ms / 1000).toFixed(1)} s (import ${record._id})`,
    );
    for (const e of record.errors.slice(0, SHOWN_ERRORS)) console.log(`  row ${e.row}  ${e.field}: ${e.rule}`);
    if (record.errorCount > SHOWN_ERRORS) console.log(`  … ${record.errorCount - SHOWN_ERRORS} more; the import page lists the first ${record.errors.length}`);
    if (record.errorCount) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
