/**
 * The rebuild reads counted responses in countedAt ranges (a day, split by the
 * hour, minute or second when busy). Every response must land in exactly one
 * range, whatever the split, or the rebuild would drop or double count it.
 */
import { computeRollups } from '../../server/services/scores/rebuild';
import { submitResponse } from '../../server/services/responses/submit';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

const sorted = (docs: Iterable<Record<string, unknown>>) => [...docs].map((d) => ({ ...d })).sort((a, b) => String(a._id).localeCompare(String(b._id)));

test('a busy day split down to seconds gives the same rollups as reading it whole, each response counted once', async () => {
  const tenant = await buildTenant(world.store);
  const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
  // 12 in one second, 6 more in that minute, 5 later that day at midnight sharp and at 23:59:59, 4 on other days.
  const times = [
    ...Array.from({ length: 12 }, (_, i) => `2025-03-10T08:15:30.${String(i * 70).padStart(3, '0')}Z`),
    ...Array.from({ length: 6 }, (_, i) => `2025-03-10T08:15:${String(i * 9).padStart(2, '0')}.000Z`),
    '2025-03-10T00:00:00.000Z',
    '2025-03-10T23:59:59.999Z',
    '2025-03-10T12:00:00.000Z',
    '2025-03-10T08:00:00.000Z',
    '2025-03-10T08:59:59.999Z',
    '2025-03-09T23:59:59.999Z',
    '2025-03-11T00:00:00.000Z',
    '2025-01-01T00:00:00.000Z',
    '2025-06-30T18:30:00.000Z',
  ];
  for (const [i, respondedAt] of times.entries()) {
    await submitResponse(tenant.ctx, {
      templateId: survey.templateId,
      templateVersion: survey.version,
      siteId: tenant.sites[i % 2]._id,
      channel: 'survey',
      answers: surveyAnswers({ staff_attitude: 1 + (i % 5), recommend: i % 11 }),
      source: 'api',
      respondedAt,
    });
  }
  const stored = sorted(await tenant.ctx.store.collection('rollups').find({}));
  const whole = await computeRollups(tenant.ctx);
  const split = await computeRollups(tenant.ctx, undefined, 3);
  expect(whole.responses).toBe(times.length);
  expect(split.responses).toBe(times.length);
  expect(sorted(split.docs.values())).toEqual(stored);
  expect(sorted(whole.docs.values())).toEqual(stored);
});
