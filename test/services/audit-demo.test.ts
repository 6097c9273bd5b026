/** The demo stage-1 audit: every demo site entered, BJ01 strong, WH01 weaker with two nonconformities. */
import pino from 'pino';
import { createEnterprise } from '../../server/services/accounts/enterprises';
import { createSite } from '../../server/services/accounts/sites';
import { insertUser } from '../../server/services/accounts/users';
import { listAudits } from '../../server/services/audits/audits';
import { auditProjection } from '../../server/services/audits/projection';
import { getTimeline } from '../../server/services/audits/timeline';
import { systemActor, tenantContext } from '../../server/services/context';
import { seedDemoAudit } from '../../server/services/demo/audits';
import { DEMO_SITES } from '../../server/services/demo/seed';
import { buildWorld, PASSWORD, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

test('seeds one stage-1 audit with realistic variation across the demo sites, once', async () => {
  const operator = { userId: 'op', role: 'operator' as const, enterpriseId: null, via: 'system' as const };
  const { enterprise } = await createEnterprise(world.store, operator, {
    code: 'huaxing-test',
    name: '华星家电服务',
    admin: { email: 'a@demo.test', name: 'A', password: PASSWORD },
  });
  const ctx = tenantContext(world.store, systemActor(enterprise._id));
  for (const site of DEMO_SITES) await createSite(ctx, site);
  await insertUser(world.store, { enterpriseId: enterprise._id, email: 'auditor@x.test', name: '审核员', role: 'auditor', password: PASSWORD });

  await seedDemoAudit(ctx, pino({ level: 'silent' }));
  await seedDemoAudit(ctx, pino({ level: 'silent' })); // a second run adds nothing
  const audits = await listAudits(ctx);
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({ kind: 'stage1', status: 'inProgress' });

  const p = await auditProjection(ctx, audits[0]._id);
  const site = (code: string) => p.sites.find((s) => s.code === code)!;
  expect(p.sites.map((s) => s.entries.length)).toEqual([27, 27, 27, 27, 27]);
  expect(site('BJ01').audit!.score).toBeGreaterThan(site('WH01').audit!.score);
  expect(site('BJ01').nonconformities).toHaveLength(0);
  expect(
    site('WH01')
      .nonconformities.map((n) => n.code)
      .sort(),
  ).toEqual(['followup.complaints.records', 'internal.system.training']);
  expect(site('WH01').deductions).toHaveLength(1);
  expect(p.sites.every((s) => s.flags.noEvidence.length === 0)).toBe(true);
  const timeline = await getTimeline(ctx);
  expect(timeline.next).toBe('stage1');
  expect(timeline.stages.slice(0, 3).map((s) => s.status)).toEqual(['done', 'done', 'inProgress']);
});
