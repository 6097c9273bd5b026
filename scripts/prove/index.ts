/**
 * `npm run prove`: every proof against a real server process on 127.0.0.1,
 * then one table of results; exits 1 when any proof falls short. Run one with
 * `--only load` (names: retries, crash, fuzzing, load, security, xss); reproduce a
 * fuzzing run with PROVE_SEED=<printed seed>.
 */
import os from 'node:os';
import path from 'node:path';
import { proveCrash } from './crash';
import { proveFuzz } from './fuzz';
import { proveLoad } from './load';
import { printTable, type ProofResult } from './result';
import { proveRetries } from './retries';
import { npmAuditSummary, proveSecurity } from './security';
import { proveXss } from './xss';

const PROOFS: Record<string, () => Promise<ProofResult>> = {
  retries: () => proveRetries({ total: 10_000, parallel: 50 }),
  crash: () => proveCrash({ rounds: 5, ratePerSecond: 500, seconds: 10 }),
  fuzzing: () => proveFuzz({ requests: 10_000, seed: process.env.PROVE_SEED ? Number(process.env.PROVE_SEED) : undefined }),
  load: () => proveLoad({ ratePerSecond: 500, seconds: 60, sockets: 200 }),
  security: () => proveSecurity(),
  xss: () => proveXss({ full: true }),
};

async function main(): Promise<void> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : Object.keys(PROOFS);
  console.log(
    `ServiceStar proofs · ${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM · node ${process.version}`,
  );
  const results: ProofResult[] = [];
  for (const name of only) {
    const started = Date.now();
    process.stdout.write(`running ${name}… `);
    try {
      results.push(await PROOFS[name]!());
    } catch (err) {
      results.push({ name, pass: false, figures: `crashed: ${(err as Error).stack?.split('\n').slice(0, 3).join(' ')}` });
    }
    console.log(`${results.at(-1)!.pass ? 'PASS' : 'FAIL'} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  if (only.includes('security'))
    results.push({ name: 'dependency audit', pass: true, informational: true, figures: await npmAuditSummary(path.join(__dirname, '../../..')) });
  console.log('\n' + printTable(results));
  process.exit(results.every((r) => r.pass) ? 0 : 1);
}

void main();
