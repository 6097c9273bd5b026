/** Factories for mystery-visit tests: shoppers with profiles, plans, complete reports. */
import sharp from 'sharp';
import { insertUser, type User } from '../../server/services/accounts/users';
import { systemActor, tenantContext, type TenantContext } from '../../server/services/context';
import { createPlan, planVisits, type PlanInput } from '../../server/services/visits/plans';
import { updateProfile } from '../../server/services/visits/shoppers';
import { SLOTS, type Slot } from '../../server/services/visits/types';
import type { ReportInput } from '../../server/services/visits/report';
import { checklistItemIds, shippedDefault } from '../../server/services/templates/defaults';
import { publishDefaultTemplate } from './templates';
import { PASSWORD, type Tenant } from './world';
import { addDays, dayOf } from '../../server/services/calendar';

let n = 0;

/** A shopper user of the tenant with a profile; `ctx` acts as that shopper. */
export async function addShopper(tenant: Tenant, regions: string[], availability: readonly Slot[] = SLOTS): Promise<{ user: User; ctx: TenantContext }> {
  const user = await insertUser(tenant.ctx.root, {
    enterpriseId: tenant.enterpriseId,
    email: `shopper${n++}-${tenant.enterpriseId}@test.local`,
    name: `Shopper ${n}`,
    role: 'shopper',
    password: PASSWORD,
  });
  await updateProfile(tenant.ctx, user._id, { regions, availability: [...availability] });
  return { user, ctx: actingAs(tenant, user) };
}

export function actingAs(tenant: Tenant, user: User): TenantContext {
  return tenantContext(tenant.ctx.root, { ...systemActor(tenant.enterpriseId), userId: user._id, role: user.role, via: 'session' });
}

export async function mysteryPlan(tenant: Tenant, overrides: Partial<PlanInput> = {}) {
  const template = await publishDefaultTemplate(tenant.ctx, 'mystery');
  const plan = await createPlan(tenant.ctx, {
    siteId: tenant.sites[0]._id,
    from: addDays(today(), -20),
    to: today(),
    visits: 1,
    templateId: template.templateId,
    slots: [...SLOTS],
    ...overrides,
  });
  return { plan, template, visits: await planVisits(tenant.ctx, plan._id) };
}

/** Today's date in China (the test enterprises' offset). */
export function today(): string {
  return dayOf(new Date(), 480);
}

/** Every checklist item "yes", with the other required answers of the default checklist. */
export function checklistAnswers(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const ids = checklistItemIds(shippedDefault('mystery'));
  return { ...Object.fromEntries(ids.map((id) => [id, 'yes'])), wait_minutes: '5', staff_description: '女，约30岁，工号 A102', ...overrides };
}

/** A complete report for a visit `daysAgo` days back (local date), 10:00–10:40. */
export function reportInput(daysAgo: number, overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    visitDate: addDays(today(), -daysAgo),
    startTime: '10:00',
    endTime: '10:40',
    answers: checklistAnswers(),
    itemComments: {},
    comments: '整体不错',
    ...overrides,
  };
}

/** Visit times that ended about two hours ago, on one local day. */
export function recentTimes(): Pick<ReportInput, 'visitDate' | 'startTime' | 'endTime'> {
  let at = Date.now() - 2 * 3600_000;
  const local = (ms: number) => new Date(ms + 480 * 60_000).toISOString();
  if (local(at).slice(11, 16) < '00:40') at -= 3600_000; // keep start and end on the same day
  const end = local(at);
  const start = local(at - 30 * 60_000);
  return { visitDate: end.slice(0, 10), startTime: start.slice(11, 16), endTime: end.slice(11, 16) };
}

/** A small real JPEG, optionally with EXIF including GPS coordinates. */
export async function jpegBytes(withGps = false): Promise<Buffer> {
  const image = sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } }).jpeg();
  if (!withGps) return image.toBuffer();
  return image
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'GPS-1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 27/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 50/1' },
    })
    .toBuffer();
}

export async function pngBytes(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 4, background: '#f80' } })
    .png()
    .toBuffer();
}
