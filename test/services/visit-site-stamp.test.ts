/** Visit photos and history stored before they carried a site get their visit's site, so site-limited reviewers see them again. */
import { tenantContext } from '../../server/services/context';
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import { attachEvidence, listEvidence } from '../../server/services/visits/evidence';
import { visitHistory } from '../../server/services/visits/history';
import { getVisit } from '../../server/services/visits/access';
import { stampVisitSites } from '../../server/services/visits/siteStamp';
import { addShopper, jpegBytes, mysteryPlan } from '../helpers/visits';
import { buildTenant, buildWorld, type World } from '../helpers/world';

let world: World;
afterAll(() => world.close());

test('stamps old photos and history entries with their visit’s site, once', async () => {
  world = await buildWorld();
  const tenant = await buildTenant(world.store);
  const { visits } = await mysteryPlan(tenant);
  const shopper = await addShopper(tenant, ['北京']);
  await assignVisit(tenant.ctx, visits[0]._id, shopper.user._id);
  await acceptVisit(shopper.ctx, visits[0]._id);
  const visit = await getVisit(shopper.ctx, visits[0]._id, 'work');
  await attachEvidence(shopper.ctx, visit, [{ bytes: await jpegBytes(), name: 'a.jpg', questionId: null, field: 'evidence' }]);
  // As stored before photos and entries carried a site.
  await world.store.collection('visitEvidence').updateMany({ visitId: visit._id }, { $unset: { siteId: true } });
  await world.store.collection('visitHistory').updateMany({ visitId: visit._id }, { $unset: { siteId: true } });

  const reviewer = tenantContext(world.store, {
    userId: tenant.users.reviewer!._id,
    role: 'reviewer',
    enterpriseId: tenant.enterpriseId,
    siteIds: [visit.siteId],
    via: 'session',
  });
  expect(await listEvidence(reviewer, visit._id)).toEqual([]);

  expect(await stampVisitSites(world.store)).toBe(3); // one photo, two history entries (assigned, accepted)
  expect(await stampVisitSites(world.store)).toBe(0);
  expect((await listEvidence(reviewer, visit._id)).length).toBe(1);
  expect((await visitHistory(reviewer, visit._id)).map((e) => e.action)).toEqual(['assigned', 'accepted']);
});
