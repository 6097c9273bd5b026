/**
 * What the storing part of a survey-link submission costs, without HTTP:
 * the personal-link path called directly, in one process, in rounds that
 * alternate
 *   - look-ups: what the no-write route reads (the link, its campaign,
 *     survey version, enterprise and site) for links already answered;
 *   - stored: the same look-ups, the form's answers checked as the route
 *     checks them, and submitPersonal (response, rollups, recipient, counter
 *     in one durable group-committed transaction), CONCURRENCY at a time.
 * It prints the server CPU per call of each (process CPU time, so a busy
 * machine slows the run more than it changes the figures), the difference
 * (what storing adds), and the statements per submission. Express, logging
 * and the page are left out: bench:submit measures them.
 *
 *   npm run bench:submit-direct -- [--submissions 4000] [--rounds 4] [--dir /tmp] [--profile stored.cpuprofile]
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openDeps } from '../../server/compose';
import { loadConfig } from '../../server/config';
import { answerErrors, formAnswers } from '../../server/http/survey-view';
import { getEnterprise } from '../../server/services/accounts/enterprises';
import { getSite } from '../../server/services/accounts/sites';
import { findPersonalLink, personalLinkState } from '../../server/services/campaigns/links';
import { submitPersonal } from '../../server/services/campaigns/respond';
import { getVersion } from '../../server/services/templates/versions';
import type { Store } from '../../server/store/types';
import { perSubmission, statementLine } from './submit/statements';
import type { StatementCounts } from './submit/serve';
import { buildSubmitWorld, FORM_FIELDS } from './submit/world';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const SUBMISSIONS = Number(arg('submissions', '4000'));
const ROUNDS = Number(arg('rounds', '4'));
const DIR = arg('dir', os.tmpdir());
const PROFILE = arg('profile', '');
/** Submissions in flight at once, as bench:submit's connections: they share group commits. */
const CONCURRENCY = 10;
const WARM_UP = 200;

type Outcome = 'thanks' | 'already';

/** One request of the personal-link route, minus HTTP: the look-ups, and for an open link the checked answers submitted. */
async function submitLink(store: Store, token: string): Promise<Outcome> {
  const link = (await findPersonalLink(store, token))!;
  const state = personalLinkState(link);
  const { ctx, recipient, campaign } = link;
  const [version, enterprise, site] = await Promise.all([
    getVersion(ctx, campaign.templateId, campaign.templateVersion),
    getEnterprise(ctx.root, ctx.actor.enterpriseId),
    getSite(ctx, recipient.siteId),
  ]);
  if (state !== 'open') return 'already';
  const answers = formAnswers(version.content, FORM_FIELDS);
  const errors = answerErrors(version.content, answers, 'zh-CN');
  if (Object.keys(errors).length) throw new Error(`the bench's answers were refused: ${JSON.stringify(errors)}`);
  return submitPersonal(ctx, recipient, campaign, answers, new Date(), { site, tzOffsetMinutes: enterprise.tzOffsetMinutes });
}

/** CPU milliseconds per call over these tokens, CONCURRENCY at a time; every call must end as `expected`. */
async function cpuPerCall(store: Store, tokens: string[], expected: Outcome): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < tokens.length; i += CONCURRENCY) {
    const outcomes = await Promise.all(tokens.slice(i, i + CONCURRENCY).map((t) => submitLink(store, t)));
    if (outcomes.some((o) => o !== expected)) throw new Error(`expected every call to end "${expected}", got ${outcomes.join(', ')}`);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / tokens.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(DIR, 'servicestar-bench-direct-'));
  const deps = await openDeps(loadConfig({ DATA_DIR: dir, SEED_DEMO: 'never', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  const { store } = deps;
  const { tokens } = await buildSubmitWorld(store, SUBMISSIONS + WARM_UP);
  const loadAtStart = os.loadavg();
  await cpuPerCall(store, tokens.slice(SUBMISSIONS), 'thanks');
  await cpuPerCall(store, tokens.slice(SUBMISSIONS), 'already');

  const stats = (store as Partial<{ statementStats(): StatementCounts }>).statementStats?.bind(store);
  const profiler = new Session();
  profiler.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => profiler.post(method, (err, v) => (err ? reject(err) : resolve(v))));
  if (PROFILE) {
    await post('Profiler.enable');
    await post('Profiler.start');
  }
  const perRound = Math.floor(SUBMISSIONS / ROUNDS);
  const stored: number[] = [];
  const noWrite: number[] = [];
  let storedStatements = null;
  for (let round = 0; round < ROUNDS; round++) {
    const mine = tokens.slice(round * perRound, (round + 1) * perRound);
    const counts0 = stats?.() ?? null;
    stored.push(await cpuPerCall(store, mine, 'thanks'));
    const counts1 = stats?.() ?? null;
    if (round === 0) storedStatements = perSubmission(counts0, counts1, mine.length);
    noWrite.push(await cpuPerCall(store, mine, 'already'));
  }
  if (PROFILE) {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.writeFileSync(PROFILE, JSON.stringify(profile));
    console.log(`CPU profile of the rounds (both kinds of call): ${PROFILE}`);
  }
  const s = median(stored);
  const n = median(noWrite);
  console.log(`${ROUNDS} rounds of ${perRound} submissions then the same links again, ${CONCURRENCY} at a time, store in ${DIR}, ${os.cpus().length} CPUs`);
  console.log(
    `load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const rounds = (xs: number[]) =>
    `median ${median(xs).toFixed(3)}, least ${Math.min(...xs).toFixed(3)} ms/call (rounds: ${xs.map((x) => x.toFixed(3)).join(' ')})`;
  console.log(`stored submission   CPU ${rounds(stored)}`);
  console.log(`look-ups, no write  CPU ${rounds(noWrite)}`);
  console.log(
    `what storing adds   CPU ${(s - n).toFixed(3)} ms per submission (medians), ${(Math.min(...stored) - Math.min(...noWrite)).toFixed(3)} ms (least)`,
  );
  if (storedStatements) console.log(`statements per stored submission: ${statementLine(storedStatements)}`);
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
