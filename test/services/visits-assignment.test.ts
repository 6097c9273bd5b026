/**
 * Assignment under the revisit rule, automatic spreading over shoppers and
 * slots, and accept/decline sending a visit back to the pool.
 */
import { acceptVisit, assignVisit, autoAssign, declineVisit } from '../../server/services/visits/assignment';
import { getVisit } from '../../server/services/visits/access';
import { createPlan, planVisits } from '../../server/services/visits/plans';
import { gapDays, splitWindow, spreadSlots } from '../../server/services/visits/slots';
import { publishDefaultTemplate } from '../helpers/templates';
import { addShopper } from '../helpers/visits';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

async function planAt(
  tenant: Tenant,
  templateId: string,
  siteIndex: number,
  from: string,
  to: string,
  visits = 1,
  extra: { revisitDays?: number; slots?: string[] } = {},
) {
  const plan = await createPlan(tenant.ctx, {
    siteId: tenant.sites[siteIndex]._id,
    from,
    to,
    visits,
    templateId,
    slots: (extra.slots ?? ['weekday-morning']) as never,
    revisitDays: extra.revisitDays,
  });
  return { plan, visits: await planVisits(tenant.ctx, plan._id) };
}

describe('revisit rule', () => {
  test('refuses the same shopper at the same site within 60 days, allows 60 days apart and other sites', async () => {
    const tenant = await buildTenant(world.store);
    const { templateId } = await publishDefaultTemplate(tenant.ctx, 'mystery');
    const { user } = await addShopper(tenant, ['北京', '上海']);
    const jan = await planAt(tenant, templateId, 0, '2025-01-01', '2025-01-31');
    const feb = await planAt(tenant, templateId, 0, '2025-02-01', '2025-02-28');
    const apr = await planAt(tenant, templateId, 0, '2025-04-01', '2025-04-30');
    const febOther = await planAt(tenant, templateId, 1, '2025-02-01', '2025-02-28');

    await assignVisit(tenant.ctx, jan.visits[0]._id, user._id);
    await expect(assignVisit(tenant.ctx, feb.visits[0]._id, user._id)).rejects.toMatchObject({ status: 409, code: 'revisit_rule', field: 'shopperId' });
    expect((await getVisit(tenant.ctx, feb.visits[0]._id, 'manage')).state).toBe('open');
    // 31 Jan to 1 Apr is exactly 60 days: not "within" 60.
    await expect(assignVisit(tenant.ctx, apr.visits[0]._id, user._id)).resolves.toMatchObject({ state: 'assigned', shopperId: user._id });
    await expect(assignVisit(tenant.ctx, febOther.visits[0]._id, user._id)).resolves.toMatchObject({ state: 'assigned' });
  });

  test('the stricter of two plans’ windows applies, and a configured shorter window allows closer visits', async () => {
    const tenant = await buildTenant(world.store);
    const { templateId } = await publishDefaultTemplate(tenant.ctx, 'mystery');
    const { user } = await addShopper(tenant, ['北京']);
    const a = await planAt(tenant, templateId, 0, '2025-01-01', '2025-01-10', 1, { revisitDays: 30 });
    const b = await planAt(tenant, templateId, 0, '2025-02-20', '2025-02-28', 1, { revisitDays: 30 });
    const c = await planAt(tenant, templateId, 0, '2025-03-25', '2025-03-31', 1, { revisitDays: 60 });
    await assignVisit(tenant.ctx, a.visits[0]._id, user._id);
    await expect(assignVisit(tenant.ctx, b.visits[0]._id, user._id)).resolves.toMatchObject({ state: 'assigned' }); // 41 days ≥ 30
    await expect(assignVisit(tenant.ctx, c.visits[0]._id, user._id)).rejects.toMatchObject({ code: 'revisit_rule' }); // 25 days < 60
  });

  test('a declined visit frees the shopper for the site, but is not offered back to them', async () => {
    const tenant = await buildTenant(world.store);
    const { templateId } = await publishDefaultTemplate(tenant.ctx, 'mystery');
    const first = await addShopper(tenant, ['北京']);
    const jan = await planAt(tenant, templateId, 0, '2025-01-01', '2025-01-31');
    const feb = await planAt(tenant, templateId, 0, '2025-02-01', '2025-02-28');
    await assignVisit(tenant.ctx, jan.visits[0]._id, first.user._id);
    await declineVisit(first.ctx, jan.visits[0]._id, '那天出差');
    await expect(assignVisit(tenant.ctx, feb.visits[0]._id, first.user._id)).resolves.toMatchObject({ state: 'assigned' });
    await expect(assignVisit(tenant.ctx, jan.visits[0]._id, first.user._id)).rejects.toMatchObject({ status: 409, code: 'declined' });
  });
});

describe('automatic assignment', () => {
  test('spreads slots evenly over the window and visits evenly over eligible shoppers, never breaking the rule', async () => {
    const windows = splitWindow('2025-01-01', '2025-12-31', 6);
    expect(windows[0]).toEqual({ from: '2025-01-01', to: '2025-03-01' });
    expect(windows[5].to).toBe('2025-12-31');
    const slots = spreadSlots(windows, ['weekday-morning', 'weekend-afternoon', 'weekday-evening']);
    expect(slots.filter((s) => s === 'weekday-morning')).toHaveLength(2);
    expect(slots.filter((s) => s === 'weekend-afternoon')).toHaveLength(2);

    const tenant = await buildTenant(world.store);
    const { templateId } = await publishDefaultTemplate(tenant.ctx, 'mystery');
    const shoppers = [await addShopper(tenant, ['北京']), await addShopper(tenant, ['北京', '上海']), await addShopper(tenant, ['北京'])];
    const wrongCity = await addShopper(tenant, ['上海']);
    const wrongSlot = await addShopper(tenant, ['北京'], ['weekend-evening']);
    const { plan } = await planAt(tenant, templateId, 0, '2025-01-01', '2025-12-31', 6, { slots: ['weekday-morning', 'weekend-afternoon', 'weekday-evening'] });

    const result = await autoAssign(tenant.ctx, plan._id);
    expect(result.unassigned).toEqual([]);
    const visits = await planVisits(tenant.ctx, plan._id);
    const per = new Map<string, number>();
    for (const v of visits) per.set(v.shopperId!, (per.get(v.shopperId!) ?? 0) + 1);
    expect([...per.keys()].sort()).toEqual(shoppers.map((s) => s.user._id).sort());
    expect([...per.values()]).toEqual([2, 2, 2]);
    expect(per.has(wrongCity.user._id) || per.has(wrongSlot.user._id)).toBe(false);
    for (const a of visits) for (const b of visits) if (a !== b && a.shopperId === b.shopperId) expect(gapDays(a.window, b.window)).toBeGreaterThanOrEqual(60);
    expect(new Set(visits.map((v) => v.slot)).size).toBe(3);
  });

  test('leaves a visit open and says why when the pool cannot cover it', async () => {
    const tenant = await buildTenant(world.store);
    const { templateId } = await publishDefaultTemplate(tenant.ctx, 'mystery');
    await addShopper(tenant, ['北京']);
    const { plan } = await planAt(tenant, templateId, 0, '2025-05-01', '2025-05-30', 3);
    const result = await autoAssign(tenant.ctx, plan._id);
    expect(result.assigned).toHaveLength(1);
    expect(result.unassigned.map((u) => u.reason)).toEqual(['revisit_rule', 'revisit_rule']);
    const shanghai = await planAt(tenant, templateId, 1, '2025-05-01', '2025-05-30', 1);
    expect((await autoAssign(tenant.ctx, shanghai.plan._id)).unassigned).toEqual([expect.objectContaining({ reason: 'no_shopper' })]);
  });
});

describe('accept and decline', () => {
  test('the assigned shopper accepts; anyone else sees no such visit; a declined visit goes to someone else', async () => {
    const tenant = await buildTenant(world.store);
    const { templateId } = await publishDefaultTemplate(tenant.ctx, 'mystery');
    const first = await addShopper(tenant, ['北京']);
    const { plan, visits } = await planAt(tenant, templateId, 0, '2025-06-01', '2025-06-30');
    await autoAssign(tenant.ctx, plan._id);
    expect((await getVisit(tenant.ctx, visits[0]._id, 'manage')).shopperId).toBe(first.user._id);
    const second = await addShopper(tenant, ['北京']);
    await expect(acceptVisit(second.ctx, visits[0]._id)).rejects.toMatchObject({ status: 404 });
    await expect(acceptVisit(first.ctx, visits[0]._id)).resolves.toMatchObject({ state: 'accepted' });
    await expect(acceptVisit(first.ctx, visits[0]._id)).resolves.toMatchObject({ state: 'accepted' });

    const declined = await declineVisit(first.ctx, visits[0]._id);
    expect(declined).toMatchObject({ state: 'open', declinedBy: [first.user._id] });
    expect(declined.shopperId).toBeUndefined();
    await expect(getVisit(first.ctx, visits[0]._id, 'read')).rejects.toMatchObject({ status: 404 });
    const again = await autoAssign(tenant.ctx, plan._id);
    expect(again.assigned).toEqual([expect.objectContaining({ shopperId: second.user._id })]);
    await expect(declineVisit(first.ctx, visits[0]._id)).rejects.toMatchObject({ status: 404 });
  });
});
