/** A customer with history: one open call case at S1 and, by the same phone, closed service cases at S1 and S2 with a call, an answer and a follow-up case each. */
import type { FollowUpTask } from '../../server/services/alerts/types';
import type { Role } from '../../server/services/accounts/roles';
import { insertUser } from '../../server/services/accounts/users';
import type { CallCase } from '../../server/services/calls/types';
import { listWithCases, mobile } from './calls';
import { buildTenant, PASSWORD, type Tenant, type World } from './world';

export const PHONE = mobile(0);
/** Ids are global in the store: each tenant's fixtures carry its enterprise id. */
export const id = (tenant: Tenant, kind: string, tag: string) => `${kind}-${tag}-${tenant.enterpriseId}`;
export const decoded = (text: string) => text.replace(/&#x27;/g, "'");

/** An earlier, closed service case of the same customer at `site`, with one call by `agentId`, its answer and the case it opened. */
export async function earlierAt(
  tenant: Tenant,
  site: Tenant['sites'][number],
  tag: string,
  agentId: string,
  script: { templateId: string; templateVersion: number },
) {
  const store = tenant.ctx.store;
  const at = '2024-01-10T02:00:00.000Z';
  const base = { enterpriseId: tenant.enterpriseId, siteId: site._id, siteCode: site.code };
  await store.collection('callCases').insertOne({
    ...base,
    _id: id(tenant, 'cc', tag),
    caseId: `OLD-${tag}`,
    customerName: '老客户',
    phone: PHONE,
    serviceType: '安装',
    serviceDate: '2024-01-05',
    importedAt: at,
    importedBy: 'test',
    source: 'csv',
    status: 'completed',
    claimExpiresAt: '1970-01-01T00:00:00.000Z',
    attempts: 1,
    dayparts: ['morning'],
    contacted: true,
    responseId: id(tenant, 'resp', tag),
  });
  await store.collection('callAttempts').insertOne({
    ...base,
    _id: id(tenant, 'att', tag),
    caseRef: id(tenant, 'cc', tag),
    callListId: 'old-list',
    agentId,
    at,
    outcome: 'completed',
    daypart: 'morning',
    number: 1,
    note: `客户留了新号码 13812345678（${tag}）`,
  });
  await store.collection('responses').insertOne({
    ...base,
    _id: id(tenant, 'resp', tag),
    ...script,
    channel: 'call',
    answers: {},
    respondedAt: at,
    contribution: { overall: 42.5 },
    refs: { caseId: id(tenant, 'cc', tag) },
  } as never);
  await store.collection<FollowUpTask>('followUpTasks').insertOne({
    ...base,
    _id: id(tenant, 'task', tag),
    responseId: id(tenant, 'resp', tag),
    channel: 'call',
    rule: 'lowOverall',
    detail: { rating: 1, scale: 5 },
    reason: `低分 ${tag}`,
    notify: { state: 'skipped', to: [] },
    respondedAt: at,
    customerKey: `case:OLD-${tag}`,
    serviceCase: `OLD-${tag}`,
    status: 'resolved',
    callbacks: [],
    createdAt: at,
    updatedAt: at,
    rev: 1,
  } as never);
}

/** A tenant with one open call case (phone PHONE, site S1) and earlier history at S1 and S2. */
/** Another user of the tenant, optionally confined to some sites. */
export function userOf(world: World, tenant: Tenant, user: { label: string; name: string; role: Role; siteIds?: string[] }) {
  const { label, ...rest } = user;
  return insertUser(world.store, { enterpriseId: tenant.enterpriseId, email: `${label}-${tenant.enterpriseId}@test.local`, password: PASSWORD, ...rest });
}

export async function customerWithHistory(world: World, existing?: Tenant) {
  const tenant = existing ?? (await buildTenant(world.store));
  const { list } = await listWithCases(tenant, 1);
  const s1 = tenant.sites[0];
  const oldAgent = await userOf(world, tenant, { label: 'old-agent', name: '王回访', role: 'agent' });
  const script = { templateId: list.templateId, templateVersion: list.templateVersion };
  await earlierAt(tenant, s1, 'S1', oldAgent._id, script);
  await earlierAt(tenant, tenant.sites[1], 'S2', oldAgent._id, script);
  const current = (await tenant.ctx.store.collection<CallCase>('callCases').findOne({ callListId: list._id }))!;
  return { tenant, list, current };
}
