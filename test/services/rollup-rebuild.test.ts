/**
 * The incremental rollups must equal a rebuild from raw responses exactly,
 * whatever the order of submissions, retries and concurrency.
 */
import fc from 'fast-check';
import { computeRollups, rebuildRollups } from '../../server/services/scores/rebuild';
import { submitResponse } from '../../server/services/responses/submit';
import type { Doc } from '../../server/store/types';
import { publishDefaultTemplate } from '../helpers/templates';
import { buildTenant, buildWorld, type World } from '../helpers/world';
import { DAY_MS } from '../../server/services/calendar';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

const rating = fc.integer({ min: 1, max: 5 });
const surveyAnswers = fc.record({
  service_type: fc.constantFrom('repair', 'delivery_install', 'consultation'),
  repair_speed: rating,
  problem_solved: fc.constantFrom('yes', 'partly', 'no'),
  delivery_on_time: rating,
  install_quality: rating,
  staff_attitude: rating,
  effort: rating,
  raised_complaint: fc.constantFrom('yes', 'no'),
  complaint_handling: rating,
  overall_satisfaction: rating,
  recommend: fc.integer({ min: 0, max: 10 }),
});
const submission = fc.record({
  answers: surveyAnswers,
  site: fc.constantFrom(0, 1),
  daysAgo: fc.integer({ min: 0, max: 400 }),
  key: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  parallel: fc.boolean(),
});

function sorted(docs: Iterable<Doc>): Record<string, unknown>[] {
  return [...docs].map((d) => ({ ...d })).sort((a, b) => String(a._id).localeCompare(String(b._id)));
}

test('incremental rollups equal a rebuild after random interleavings and retries', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(submission, { minLength: 1, maxLength: 25 }), async (subs) => {
      const tenant = await buildTenant(world.store);
      const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
      const send = (s: (typeof subs)[number]) =>
        submitResponse(tenant.ctx, {
          templateId: survey.templateId,
          templateVersion: survey.version,
          siteId: tenant.sites[s.site]._id,
          channel: 'survey',
          answers: s.answers,
          source: 'api',
          // A repeated key with different answers is refused (409); that must leave the rollups exact too.
          idempotencyKey: s.key === undefined ? undefined : `k${s.key}`,
          respondedAt: new Date(Date.now() - s.daysAgo * DAY_MS).toISOString(),
        }).catch((err: { status?: number }) => {
          if (err.status !== 409) throw err;
        });
      const parallel = subs.filter((s) => s.parallel);
      await Promise.all([...parallel, ...parallel].map(send));
      for (const s of subs.filter((x) => !x.parallel)) await send(s);

      const incremental = await tenant.ctx.store.collection('rollups').find({});
      const { docs } = await computeRollups(tenant.ctx);
      expect(sorted(incremental)).toEqual(sorted(docs.values()));
    }),
    { numRuns: 20 },
  );
});

test('rebuildRollups replaces drifted rollups with the exact ones', async () => {
  const tenant = await buildTenant(world.store);
  const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
  for (let i = 0; i < 5; i++) {
    await submitResponse(tenant.ctx, {
      templateId: survey.templateId,
      templateVersion: survey.version,
      siteId: tenant.sites[0]._id,
      channel: 'survey',
      answers: { service_type: 'consultation', staff_attitude: 1 + i, effort: 3, overall_satisfaction: 5, recommend: 10 },
      source: 'api',
    });
  }
  const exact = sorted(await tenant.ctx.store.collection('rollups').find({}));
  await tenant.ctx.store.collection('rollups').updateMany({}, { $inc: { n: 7 } });
  const summary = await rebuildRollups(tenant.ctx);
  expect(summary.responses).toBe(5);
  expect(sorted(await tenant.ctx.store.collection('rollups').find({}))).toEqual(exact);
});
