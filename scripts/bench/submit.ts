/**
 * Survey-link submission benchmark: what a durable submission costs against
 * the same route without a write. autocannon POSTs complete no-JS form
 * submissions, in one run, to three routes served by a child process:
 *   - stored: /s/:token with a fresh token each time (validation, the response
 *     and its rollups in one transaction, the recipient marked);
 *   - no write: the same route for links already answered (same middleware,
 *     lookups and thank-you page);
 *   - bare: the same public middleware rendering the same thank-you page,
 *     reading and writing nothing.
 * It prints each route's rate and server CPU per request, the statements one
 * submission runs (reads, writes, rollup rows touched) and the ratio stored ÷
 * no-write CPU (target ≤ 1.2). It refuses the ratio when the server was not
 * busy during a run (its CPU share under MIN_SERVER_SHARE): the load generator
 * or the machine, not the server, set the pace, and the figures say nothing.
 *
 *   npm run bench:submit -- [--seconds 10] [--connections 10] [--recipients 40000] [--dir /dev/shm] [--profile stored.cpuprofile]
 *
 * --dir is where the temporary store lives: on a disk every answer waits for
 * the write-ahead log's fsync (shared by concurrent commits); on tmpfs
 * (/dev/shm) the run shows the cost of the code path alone. --profile writes
 * the server's CPU profile of the stored run (open it in Chrome's DevTools);
 * profiling slows the server, so that run's figures are not comparable.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import autocannon from 'autocannon';
import { perSubmission, statementLine } from './submit/statements';
import { SURVEY_FORM } from '../prove/submissions';
import { serve, type Finished, type Ready, type StatementCounts } from './submit/serve';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 10);
const CONNECTIONS = arg('connections', 10);
const RECIPIENTS = arg('recipients', 40_000);
const DIR = (() => {
  const i = process.argv.indexOf('--dir');
  return i >= 0 ? process.argv[i + 1]! : os.tmpdir();
})();
const PROFILE = (() => {
  const i = process.argv.indexOf('--profile');
  return i >= 0 ? process.argv[i + 1]! : null;
})();
const TARGET_RATIO = 1.2;
/** Below this share of one core the server waited for its load, and a ratio would measure the generator. */
const MIN_SERVER_SHARE = 0.8;

const FORM = SURVEY_FORM;

async function load(url: string, paths: () => string): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: FORM, setupRequest: (req) => ({ ...req, path: paths() }) },
    ],
  });
}

interface Measured {
  result: autocannon.Result;
  cpuMsPerRequest: number;
  /** The server's CPU time over the wall time of the run: 1 is one core busy throughout. */
  serverShare: number;
  /** The load generator's (this process's) share of one core. */
  generatorShare: number;
  statements: { before: StatementCounts | null; after: StatementCounts | null };
}

async function run(): Promise<void> {
  const child = fork(__filename, [...process.argv.slice(2), '--serve'], { stdio: 'inherit' });
  const ready = await new Promise<Ready>((resolve) => child.once('message', (m) => resolve(m as Ready)));
  const { tokens } = ready;
  console.log(
    `${SECONDS} s per route, ${CONNECTIONS} connections, ${tokens.length} tokens, ${os.cpus().length} CPUs, store in ${DIR}, NODE_ENV=${process.env.NODE_ENV ?? ''}`,
  );
  console.log(
    `load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  type Probe = { cpu: NodeJS.CpuUsage; statements: StatementCounts | null };
  const probe = () =>
    new Promise<Probe>((resolve) => {
      child.once('message', (m) => resolve(m as Probe));
      child.send('cpu');
    });
  const measured = async (go: () => Promise<autocannon.Result>): Promise<Measured> => {
    const before = await probe();
    const ownBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = await go();
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const own = process.cpuUsage(ownBefore);
    const after = await probe();
    const ms = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000;
    return {
      result,
      cpuMsPerRequest: ms / Math.max(1, result.requests.total),
      serverShare: ms / wallMs,
      generatorShare: (own.user + own.system) / 1000 / wallMs,
      statements: { before: before.statements, after: after.statements },
    };
  };
  const ask = <T>(message: unknown) =>
    new Promise<T>((resolve) => {
      child.once('message', (m) => resolve(m as T));
      child.send(message as string);
    });
  const bare = await measured(() => load(ready.bare, () => `/s/${tokens[0]}`));
  let next = 0;
  if (PROFILE) await ask('profile-start');
  const stored = await measured(() => load(ready.real, () => `/s/${tokens[next++ % tokens.length]}`));
  if (PROFILE) console.log(`server profile of the stored run: ${(await ask<{ profiled: string }>({ profileTo: PROFILE })).profiled}`);
  // The same route for links already answered: lookups, headers, logging and the thank-you page, no write.
  const answered = Math.min(next, tokens.length);
  let again = 0;
  const noWrite = await measured(() => load(ready.real, () => `/s/${tokens[again++ % answered]}`));
  child.send('finish');
  const finished = await new Promise<Finished>((resolve) => child.once('message', (m) => resolve(m as Finished)));

  const row = (name: string, m: Measured) => {
    const r = m.result;
    return `${name.padEnd(24)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(4)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  server CPU ${m.cpuMsPerRequest.toFixed(3)} ms/req (${(m.serverShare * 100).toFixed(0)}% of a core; generator ${(m.generatorShare * 100).toFixed(0)}%)`;
  };
  console.log(row('stored submission', stored));
  console.log(row('same route, no write', noWrite));
  console.log(row('bare route, same page', bare));
  console.log(
    `responses stored: ${finished.stored} (${next > tokens.length ? 'tokens reused: later posts were "already answered"' : 'every post a new token'})`,
  );
  if (finished.commits)
    console.log(
      `group commit: ${finished.commits.transactions} transactions in ${finished.commits.groups} commits (${(finished.commits.transactions / Math.max(1, finished.commits.groups)).toFixed(1)} per commit, set-up included)`,
    );
  // Completed requests: setupRequest also counts the ones still in flight when the run ended.
  const storedCount = Math.min(stored.result.requests.total, tokens.length);
  const perStored = perSubmission(stored.statements.before, stored.statements.after, storedCount);
  const perNoWrite = perSubmission(noWrite.statements.before, noWrite.statements.after, noWrite.result.requests.total);
  if (perStored) console.log(`statements per stored submission: ${statementLine(perStored)}`);
  if (perNoWrite) console.log(`statements per no-write request: ${statementLine(perNoWrite)}`);
  console.log(
    `load average at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  const starved = (
    [
      ['stored', stored],
      ['no write', noWrite],
      ['bare', bare],
    ] as const
  ).filter(([, m]) => m.serverShare < MIN_SERVER_SHARE);
  if (starved.length) {
    console.log(
      `NO RATIO: the server was busy only ${starved.map(([n, m]) => `${(m.serverShare * 100).toFixed(0)}% (${n})`).join(', ')} of a core (< ${MIN_SERVER_SHARE * 100}%): the load generator or the machine set the pace. Run again on a quieter machine or with more --connections.`,
    );
    process.exitCode = 2;
    return;
  }
  const ratio = stored.cpuMsPerRequest / noWrite.cpuMsPerRequest;
  console.log(`CPU ratio stored ÷ no-write ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}): ${ratio <= TARGET_RATIO ? 'PASS' : 'FAIL'}`);
  console.log(
    `CPU ratio no-write ÷ bare ${(noWrite.cpuMsPerRequest / bare.cpuMsPerRequest).toFixed(2)} (what finding the link and its survey costs over the page alone)`,
  );
  console.log(`rate ratio stored ÷ no-write ${(stored.result.requests.average / noWrite.result.requests.average).toFixed(2)}`);
}

(process.argv.includes('--serve') ? serve(DIR, RECIPIENTS) : run()).catch((err) => {
  console.error(err);
  process.exit(1);
});
