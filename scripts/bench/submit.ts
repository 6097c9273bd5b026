/**
 * Survey-link submission benchmark: autocannon POSTs complete no-JS form
 * submissions to /s/:token (a fresh token each time: validation, the response
 * and its rollups in one transaction, the recipient marked) and, in the same
 * run, to a bare express endpoint that only parses the same form. Prints both
 * rates and their ratio (target ≥ 0.5), and a third rate: the same route for
 * links already answered (same middleware, lookups and thank-you page, no
 * write), the ceiling of that ratio if storing cost nothing.
 *
 *   npm run bench:submit -- [--seconds 10] [--connections 10] [--recipients 40000] [--dir /dev/shm]
 *
 * --dir is where the temporary store lives: on a disk every answer waits for
 * the write-ahead log's fsync (shared by concurrent commits); on tmpfs
 * (/dev/shm) the run shows the cost of the code path alone.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import pino from 'pino';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createMailer } from '../../server/mail/transport';
import { createEnterprise } from '../../server/services/accounts/enterprises';
import { createSite } from '../../server/services/accounts/sites';
import { createCampaign } from '../../server/services/campaigns/campaigns';
import { importRecipients } from '../../server/services/campaigns/imports';
import type { Recipient } from '../../server/services/campaigns/types';
import { systemActor, tenantContext } from '../../server/services/context';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import { createTemplate, publish } from '../../server/services/templates/versions';
import { ensureCoreIndexes } from '../../server/store/indexes';
import { openStore } from '../../server/store';

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

/** The default survey answered on the repair path, exactly as the HTML form posts it. */
const FORM = new URLSearchParams({
  a_service_type: 'repair',
  a_repair_speed: '4',
  a_problem_solved: 'yes',
  a_explanation: '5',
  a_staff_attitude: '5',
  a_effort: '4',
  a_raised_complaint: 'no',
  a_feedback_heard: '3',
  a_overall_satisfaction: '4',
  a_recommend: '9',
  a_comment: '师傅很专业，讲解也很耐心。',
  page: '4',
  nav: 'submit',
}).toString();

async function listen(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function load(url: string, paths: () => string): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: FORM, setupRequest: (req) => ({ ...req, path: paths() }) }],
  });
}

/** The servers run in a child process, so the load generator does not share their event loop. */
async function serve(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(DIR, 'servicestar-bench-submit-'));
  const config = loadConfig({ DATA_DIR: dir, SEED_DEMO: 'never', LOG_LEVEL: 'silent' });
  const store = await openStore({ dataDir: dir });
  await ensureCoreIndexes(store);
  const operator = { userId: 'bench', role: 'operator' as const, enterpriseId: null, via: 'system' as const };
  const { enterprise } = await createEnterprise(store, operator, { code: 'bench', name: '基准企业', admin: { email: 'admin@bench.test', name: 'Admin', password: 'bench-pass-1' } });
  const ctx = tenantContext(store, systemActor(enterprise._id));
  const site = await createSite(ctx, { code: 'B1', name: '基准网点', city: '上海' });
  const template = await createTemplate(ctx, loadDefaultTemplates().find((t) => t.channel === 'survey')!);
  const version = await publish(ctx, template._id);
  const today = new Date().toISOString().slice(0, 10);
  const campaign = await createCampaign(ctx, { name: 'bench', templateId: template._id, templateVersion: version.version, siteIds: [site._id], startsOn: today, endsOn: today, reminders: { afterDays: 3, maxCount: 0 }, privacyContact: 'bench@test' });
  await importRecipients(ctx, campaign._id, { kind: 'api', rows: Array.from({ length: RECIPIENTS }, (_, i) => ({ email: `r${i}@bench.test`, siteCode: 'B1' })) });
  const tokens = (await store.collection<Recipient>('recipients').find({ campaignId: campaign._id })).map((r) => r.token);

  const { app } = createApp({ config, store, mailer: createMailer({ from: config.mailFrom, store }), logger: pino({ level: 'silent' }) });
  const real = await listen(app);
  const bareApp = express();
  bareApp.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 }));
  bareApp.post('/s/:token', (req, res) => res.status(200).send(`ok ${Object.keys(req.body).length}`));
  const bare = await listen(bareApp);
  process.on('message', async (message) => {
    if (message === 'cpu') return process.send!({ cpu: process.cpuUsage() });
    if (message !== 'finish') return;
    const stored = await store.collection('responses').count({});
    const commits = (store as Partial<{ commitStats(): { groups: number; transactions: number } }>).commitStats?.();
    real.server.close();
    bare.server.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.send!({ stored, commits }, () => process.exit(0));
  });
  process.send!({ real: real.url, bare: bare.url, tokens });
}

async function run(): Promise<void> {
  const child = fork(__filename, [...process.argv.slice(2), '--serve'], { stdio: 'inherit' });
  const ready = await new Promise<{ real: string; bare: string; tokens: string[] }>((resolve) => child.once('message', (m) => resolve(m as never)));
  const { tokens } = ready;
  console.log(`${SECONDS} s per endpoint, ${CONNECTIONS} connections, ${tokens.length} tokens, ${os.cpus().length} CPUs, store in ${DIR}, NODE_ENV=${process.env.NODE_ENV ?? ''}`);
  // The server's own CPU time per request: steadier than the rate when other work shares the machine.
  const cpu = () => new Promise<NodeJS.CpuUsage>((resolve) => { child.once('message', (m) => resolve((m as { cpu: NodeJS.CpuUsage }).cpu)); child.send('cpu'); });
  const measured = async (run: () => Promise<autocannon.Result>) => {
    const before = await cpu();
    const result = await run();
    const after = await cpu();
    const ms = (after.user - before.user + after.system - before.system) / 1000;
    return { result, cpuMsPerRequest: ms / Math.max(1, result.requests.total) };
  };
  const bare = await measured(() => load(ready.bare, () => `/s/${tokens[0]}`));
  let next = 0;
  const real = await measured(() => load(ready.real, () => `/s/${tokens[next++ % tokens.length]}`));
  // The same route for links already answered: lookups, headers, logging and the thank-you page, no write.
  // What the stack costs before any storage: the ceiling of the ratio even if storing were free.
  const answered = Math.min(next, tokens.length);
  let again = 0;
  const floor = await measured(() => load(ready.real, () => `/s/${tokens[again++ % answered]}`));
  const bareResult = bare.result;
  const realResult = real.result;
  child.send('finish');
  const { stored, commits } = await new Promise<{ stored: number; commits?: { groups: number; transactions: number } }>((resolve) => child.once('message', (m) => resolve(m as never)));
  const row = (name: string, r: autocannon.Result) =>
    `${name.padEnd(22)} ${r.requests.average.toFixed(0).padStart(7)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(4)} ms  non-2xx ${r.non2xx}  errors ${r.errors}`;
  console.log(`${row('bare form parse', bareResult)}  server CPU ${bare.cpuMsPerRequest.toFixed(3)} ms/req`);
  console.log(`${row('POST /s/:token', realResult)}  server CPU ${real.cpuMsPerRequest.toFixed(3)} ms/req`);
  console.log(`${row('same, already answered', floor.result)}  server CPU ${floor.cpuMsPerRequest.toFixed(3)} ms/req (no write: the stack's own cost)`);
  console.log(`responses stored: ${stored} (${next > tokens.length ? 'tokens reused: later posts were "already answered"' : 'every post a new token'})`);
  if (commits) console.log(`group commit: ${commits.transactions} transactions in ${commits.groups} commits (${(commits.transactions / Math.max(1, commits.groups)).toFixed(1)} per commit, set-up included)`);
  const ratio = realResult.requests.average / bareResult.requests.average;
  console.log(`ratio ${ratio.toFixed(2)} (target ≥ 0.5): ${ratio >= 0.5 ? 'PASS' : 'FAIL'}`);
  console.log(`CPU-time ratio ${(bare.cpuMsPerRequest / real.cpuMsPerRequest).toFixed(2)} (bare ms per request / submit ms per request: the rate ratio a machine to itself would show)`);
  console.log(`ceiling without storage ${(floor.result.requests.average / bareResult.requests.average).toFixed(2)} (already-answered rate / bare rate: the ratio if storing cost nothing)`);
}

(process.argv.includes('--serve') ? serve() : run()).catch((err) => {
  console.error(err);
  process.exit(1);
});
