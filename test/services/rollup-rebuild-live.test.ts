/**
 * `rebuild:rollups` on a live server: rebuilds run while submissions keep
 * being acknowledged, two of them at once, over rollups that had drifted. At
 * the end the rollups equal a scan of the stored responses, and every
 * acknowledged response is stored and counted.
 */
import { surveyAnswersFor } from '../../server/services/demo/dashboardAnswers';
import { nonZeroCounters } from '../helpers/rollups';
import { waitUntil } from '../helpers/wait';
import { submitResponse } from '../../server/services/responses/submit';
import type { ResponseDoc } from '../../server/services/responses/types';
import { computeRollups, rebuildRollups } from '../../server/services/scores/rebuild';
import { publishDefaultTemplate } from '../helpers/templates';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';
import { DAY_MS } from '../../server/services/calendar';
import { mulberry32 } from '../../server/services/random';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

/** Submissions one after another until stopped, each recorded once acknowledged. */
function submitter(tenant: Tenant, survey: { templateId: string; version: number }, seed: number, acknowledged: string[], stop: { now: boolean }) {
  const r = mulberry32(seed);
  return (async () => {
    while (!stop.now) {
      const { response } = await submitResponse(tenant.ctx, {
        templateId: survey.templateId,
        templateVersion: survey.version,
        siteId: tenant.sites[Math.floor(r() * 2)]._id,
        channel: 'survey',
        answers: surveyAnswersFor(r, 0.75),
        source: 'api',
        respondedAt: new Date(Date.now() - Math.floor(r() * 90) * DAY_MS).toISOString(),
      });
      acknowledged.push(response._id);
    }
  })();
}

test('rebuilds during a stream of submissions, two at once, leave no acknowledged response out', async () => {
  const tenant = await buildTenant(world.store);
  const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
  const acknowledged: string[] = [];
  const stop = { now: false };
  const first = submitter(tenant, survey, 1, acknowledged, stop);
  await waitUntil(
    () => acknowledged.length,
    (n) => n >= 100,
    '100 acknowledged submissions',
  );
  stop.now = true;
  await first;

  // Drift to repair: a cell that counts three responses too many.
  const rollups = tenant.ctx.store.collection('rollups');
  const drifted = (await rollups.find({}, { limit: 1 }))[0]!;
  await rollups.updateOne({ _id: drifted._id }, { $inc: { n: 3 } });

  stop.now = false;
  const load = [submitter(tenant, survey, 2, acknowledged, stop), submitter(tenant, survey, 3, acknowledged, stop)];
  const during: number[] = [];
  const rebuild = async () => {
    const before = acknowledged.length;
    await rebuildRollups(tenant.ctx);
    during.push(acknowledged.length - before);
  };
  await Promise.all([rebuild(), rebuild()]);
  await rebuild();
  stop.now = true;
  await Promise.all(load);

  // Each rebuild overlapped acknowledged submissions, or the test proves nothing.
  expect(during.every((n) => n > 0)).toBe(true);
  const stored = await tenant.ctx.store.collection<ResponseDoc>('responses').find({}, { fields: ['_id', 'countedAt'] });
  const counted = new Set(stored.filter((s) => s.countedAt).map((s) => s._id));
  expect(acknowledged.filter((id) => !counted.has(id))).toEqual([]);
  const scan = await computeRollups(tenant.ctx);
  expect(scan.responses).toBe(acknowledged.length);
  expect(nonZeroCounters(await rollups.find({}))).toEqual(nonZeroCounters(scan.docs.values()));
}, 300_000);
