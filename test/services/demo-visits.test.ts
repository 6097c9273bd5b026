/** The demo's mystery shopping: a pool, plans, a year of approved visits with photos, work in every state. */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { Enterprise } from '../../server/services/accounts/enterprises';
import type { User } from '../../server/services/accounts/users';
import { systemActor, tenantContext } from '../../server/services/context';
import { seedDemo, DEMO_ENTERPRISE_CODE } from '../../server/services/demo';
import type { ResponseDoc } from '../../server/services/responses/types';
import type { VisitEvidence } from '../../server/services/visits/evidence';
import { gapDays } from '../../server/services/visits/slots';
import type { Visit } from '../../server/services/visits/types';
import { visitSpan } from '../../server/services/visits/assignment';
import { buildWorld, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 300_000);
afterAll(() => world.close());

test('seeds a shopper pool, a year of approved visits with photos under the revisit rule, and open work', async () => {
  await seedDemo(world.store, 'demo-pass-1234', pino({ level: process.env.DEMO_LOG ? 'info' : 'silent' }));
  const enterprise = (await world.store.collection<Enterprise>('enterprises').findOne({ code: DEMO_ENTERPRISE_CODE }))!;
  const ctx = tenantContext(world.store, systemActor(enterprise._id));
  expect(await ctx.store.collection<User>('users').count({ role: 'shopper' })).toBe(4);
  const visits = await ctx.store.collection<Visit>('visits').find({});
  const approved = visits.filter((v) => v.state === 'approved');
  expect(approved.length).toBeGreaterThanOrEqual(50);
  expect(new Set(approved.map((v) => v.siteId)).size).toBe(5);
  expect(visits.map((v) => v.state)).toEqual(expect.arrayContaining(['assigned', 'accepted', 'submitted']));

  // Every approved visit counts exactly once, through the normal path.
  const counted = await ctx.store.collection<ResponseDoc>('responses').find({ source: 'visit', countedAt: { $exists: true } });
  expect(counted.map((r) => r.refs?.visitId).sort()).toEqual(approved.map((v) => v._id).sort());

  for (const a of visits) for (const b of visits) {
    if (a._id < b._id && a.shopperId && a.shopperId === b.shopperId && a.siteId === b.siteId) expect(gapDays(visitSpan(a), visitSpan(b))).toBeGreaterThanOrEqual(60);
  }
  const photos = await ctx.store.collection<VisitEvidence>('visitEvidence').find({});
  expect(photos.length).toBeGreaterThanOrEqual(approved.length);
  for (const p of photos.slice(0, 5)) expect(fs.existsSync(path.join(world.dir, p.file))).toBe(true);
}, 300_000);
