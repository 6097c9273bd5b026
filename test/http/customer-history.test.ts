/**
 * The customer's history on the agent's call page and on the follow-up case
 * page, found by the customer's phone: other service cases with each attempt
 * (when, outcome, agent, note masked), earlier answers with scores (linked for
 * those who may read responses) and follow-up cases. A user confined to some
 * sites sees only those sites' history; another enterprise's customer with the
 * same phone never shows.
 */
import type { FollowUpTask } from '../../server/services/alerts/types';
import { insertUser } from '../../server/services/accounts/users';
import { claimNext } from '../../server/services/calls/claims';
import type { CallCase } from '../../server/services/calls/types';
import { as, listWithCases, mobile } from '../helpers/calls';
import { buildTenant, buildWorld, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

const PHONE = mobile(0);
/** Ids are global in the store: each tenant's fixtures carry its enterprise id. */
const id = (tenant: Tenant, kind: string, tag: string) => `${kind}-${tag}-${tenant.enterpriseId}`;
const decoded = (text: string) => text.replace(/&#x27;/g, "'");

/** An earlier, closed service case of the same customer at `site`, with one call by `agentId`, its answer and the case it opened. */
async function earlierAt(tenant: Tenant, site: Tenant['sites'][number], tag: string, agentId: string, script: { templateId: string; templateVersion: number }) {
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
async function customerWithHistory() {
  const tenant = await buildTenant(world.store);
  const { list } = await listWithCases(tenant, 1);
  const s1 = tenant.sites[0];
  const oldAgent = await insertUser(world.store, {
    enterpriseId: tenant.enterpriseId,
    email: `old-agent-${tenant.enterpriseId}@test.local`,
    name: '王回访',
    role: 'agent',
    password: PASSWORD,
  });
  const script = { templateId: list.templateId, templateVersion: list.templateVersion };
  await earlierAt(tenant, s1, 'S1', oldAgent._id, script);
  await earlierAt(tenant, tenant.sites[1], 'S2', oldAgent._id, script);
  const current = (await tenant.ctx.store.collection<CallCase>('callCases').findOne({ callListId: list._id }))!;
  return { tenant, list, current };
}

async function openHeldCase(tenant: Tenant, userId: string) {
  const { case: held } = await claimNext(as(tenant.ctx, userId, 'agent'), {});
  expect(held).not.toBeNull();
  return held!;
}

describe("the agent's call page", () => {
  test("shows the customer's other service cases with each attempt's time, outcome, agent and masked note, their answers and cases", async () => {
    const { tenant } = await customerWithHistory();
    const agentUser = tenant.users.agent!;
    const held = await openHeldCase(tenant, agentUser._id);
    const agent = await loginAgent(world.app, agentUser.email);
    const page = await agent.get(`/agent/call-cases/${held._id}`);
    expect(page.status).toBe(200);
    for (const tag of ['S1', 'S2']) {
      expect(page.text).toContain(`OLD-${tag}`);
      expect(page.text).toContain(`低分 ${tag}`);
      expect(page.text).toContain(`/follow-ups/${id(tenant, 'task', tag)}`);
    }
    expect(page.text).toContain('王回访');
    expect(page.text).toContain('2024-01-10 10:00');
    expect(page.text).toContain('138****5678');
    expect(page.text).not.toContain('13812345678');
    expect(page.text).toContain('得分 42.5');
    // An agent does not read responses: the answers are listed without a link.
    expect(page.text).not.toContain(`/responses/${id(tenant, 'resp', 'S1')}`);
    const en = await agent.get(`/agent/call-cases/${held._id}?lang=en`);
    expect(decoded(en.text)).toContain("Customer's earlier contacts");
    expect(en.text).toContain('score 42.5');
  });

  test('an agent confined to site S1 sees only S1 history', async () => {
    const { tenant } = await customerWithHistory();
    const confined = await insertUser(world.store, {
      enterpriseId: tenant.enterpriseId,
      email: `s1-agent-${tenant.enterpriseId}@test.local`,
      name: 'S1 agent',
      role: 'agent',
      password: PASSWORD,
      siteIds: [tenant.sites[0]._id],
    });
    const held = await openHeldCase(tenant, confined._id);
    const agent = await loginAgent(world.app, confined.email);
    const page = await agent.get(`/agent/call-cases/${held._id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('OLD-S1');
    expect(page.text).toContain('低分 S1');
    expect(page.text).not.toContain('OLD-S2');
    expect(page.text).not.toContain('低分 S2');
  });

  test("another enterprise's customer with the same phone never shows", async () => {
    const { tenant } = await customerWithHistory();
    const other = await buildTenant(world.store);
    await listWithCases(other, 1);
    const held = await openHeldCase(other, other.users.agent!._id);
    const agent = await loginAgent(world.app, other.users.agent!.email);
    const page = await agent.get(`/agent/call-cases/${held._id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('OLD-S1');
    expect(page.text).toContain('没有找到该客户的其他记录');
    expect(tenant.enterpriseId).not.toBe(other.enterpriseId);
  });
});

describe('the follow-up case page', () => {
  test('lists the calls on the service case with their agent, and earlier cases by phone with links for readers', async () => {
    const { tenant } = await customerWithHistory();
    const admin = await loginAgent(world.app, tenant.admin.email);
    // The S1 case's own service case: its call is listed with who made it.
    const page = await admin.get(`/follow-ups/${id(tenant, 'task', 'S1')}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('王回访');
    // The same phone's other service case at S2, its answer (linked for a reader of responses) and its case.
    expect(page.text).toContain('OLD-S2');
    expect(page.text).toContain(`/responses/${id(tenant, 'resp', 'S2')}`);
    expect(page.text).toContain(`/follow-ups/${id(tenant, 'task', 'S2')}`);
    expect(page.text).not.toContain('13812345678');
  });

  test('a site manager confined to S1 sees none of the S2 history', async () => {
    const { tenant } = await customerWithHistory();
    const manager = await insertUser(world.store, {
      enterpriseId: tenant.enterpriseId,
      email: `s1-manager-${tenant.enterpriseId}@test.local`,
      name: 'S1 manager',
      role: 'siteManager',
      password: PASSWORD,
      siteIds: [tenant.sites[0]._id],
    });
    const agent = await loginAgent(world.app, manager.email);
    const page = await agent.get(`/follow-ups/${id(tenant, 'task', 'S1')}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('OLD-S2');
    expect(page.text).not.toContain(id(tenant, 'task', 'S2'));
    expect(page.text).not.toContain(id(tenant, 'resp', 'S2'));
    expect((await agent.get(`/follow-ups/${id(tenant, 'task', 'S2')}`)).status).toBe(404);
  });
});
