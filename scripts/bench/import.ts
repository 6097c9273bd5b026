/**
 * Recipient import benchmark: a 100,000-row CSV (name, email, phone, site,
 * case, service date; ~7 MB) imported into a campaign through the same service
 * as the upload page: decode, check every row, de-duplicate, stage in chunks
 * of 1,000 and commit. The baseline, measured in the same run on the same
 * store, writes the same number of recipient-sized documents with insertMany
 * in batches of 1,000: what storing alone costs, without reading or checking.
 * Prints both rates and PASS/FAIL against the target (100,000 rows ≤ 30 s).
 *
 *   npm run bench:import -- [--rows 100000] [--dir /dev/shm]
 *
 * --dir is where the temporary store lives (deleted afterwards).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { openIndexedStore } from '../../server/compose';
import { createSite } from '../../server/services/accounts/sites';
import { importRecipients } from '../../server/services/campaigns/imports';
import { openBenchCampaign, openBenchEnterprise } from './submit/world';

const TARGET_SECONDS_PER_100K = 30;
const BATCH = 1000;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The rows an enterprise's CRM export would hold: every column filled, two sites, dates within a month. */
function csvOf(rows: number): Buffer {
  const lines = ['name,email,phone,site_code,case_id,service_date'];
  for (let i = 0; i < rows; i += 1)
    lines.push(`顾客${i},customer${i}@example.com,13${String(i).padStart(9, '0')},S${(i % 2) + 1},WX-${i},2026-01-${String((i % 28) + 1).padStart(2, '0')}`);
  return Buffer.from(lines.join('\n'));
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en')} rows/s`;

async function run(): Promise<void> {
  const rows = Number(arg('rows') ?? 100_000);
  const dir = fs.mkdtempSync(path.join(arg('dir') ?? os.tmpdir(), 'servicestar-bench-import-'));
  const store = await openIndexedStore({ dataDir: dir });
  try {
    const { ctx } = await openBenchEnterprise(store, 'bench-import', '导入基准', 'admin@import.test');
    const sites = [
      await createSite(ctx, { code: 'S1', name: '基准网点一', city: '上海' }),
      await createSite(ctx, { code: 'S2', name: '基准网点二', city: '北京' }),
    ];
    const campaign = await openBenchCampaign(
      ctx,
      sites.map((s) => s._id),
    );
    const buffer = csvOf(rows);
    console.log(
      `${rows.toLocaleString('en')} rows (${(buffer.length / 1e6).toFixed(1)} MB), ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}, store in ${dir}`,
    );

    // Baseline: the same number of recipient-sized documents, stored without parsing or checking.
    const baselineStarted = process.hrtime.bigint();
    const plain = store.collection('benchBaseline');
    for (let from = 0; from < rows; from += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, rows - from) }, (_, k) => {
        const i = from + k;
        return {
          _id: randomUUID(),
          campaignId: campaign._id,
          name: `顾客${i}`,
          email: `customer${i}@example.com`,
          phone: `13${String(i).padStart(9, '0')}`,
          siteId: sites[i % 2]._id,
          caseId: `WX-${i}`,
          token: randomUUID(),
        };
      });
      await plain.insertMany(batch);
    }
    const baselineSeconds = seconds(baselineStarted);

    const bar = new SingleBar({ format: '{phase} [{bar}] {percentage}% | {value}/{total} rows', hideCursor: true }, Presets.shades_classic);
    bar.start(rows, 0, { phase: 'checking ' });
    const started = process.hrtime.bigint();
    const done = await importRecipients(
      ctx,
      campaign._id,
      { kind: 'csv', buffer, fileName: 'bench.csv' },
      { onProgress: (n, _total, phase) => bar.update(n, { phase: phase === 'check' ? 'checking ' : 'importing' }) },
    );
    const importSeconds = seconds(started);
    bar.stop();
    if (done.state !== 'done' || done.inserted !== rows)
      throw new Error(`import ended ${done.state} with ${done.inserted} of ${rows} rows (${done.errorCount} errors)`);

    const target = (TARGET_SECONDS_PER_100K * rows) / 100_000;
    console.log(`baseline (insertMany of ${rows.toLocaleString('en')} plain documents): ${baselineSeconds.toFixed(1)} s, ${rate(rows, baselineSeconds)}`);
    console.log(
      `import (decode, check, de-duplicate, stage, commit):  ${importSeconds.toFixed(1)} s, ${rate(rows, importSeconds)} (${(importSeconds / baselineSeconds).toFixed(1)} × the baseline)`,
    );
    console.log(
      `${importSeconds <= target ? 'PASS' : 'FAIL'}: ${rows.toLocaleString('en')} rows in ${importSeconds.toFixed(1)} s (target ≤ ${target.toFixed(0)} s)`,
    );
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
