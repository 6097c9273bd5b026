/**
 * The customer's history on the agent's call page and on the follow-up case
 * page, found by the customer's phone: other service cases with each attempt
 * (when, outcome, agent, note masked), earlier answers with scores (linked for
 * those who may read responses) and follow-up cases. A user confined to some
 * sites sees only those sites' history; another enterprise's customer with the
 * same phone never shows.
 */
import { claimNext } from '../../server/services/calls/claims';
import { as, listWithCases } from '../helpers/calls';
import { customerWithHistory, decoded, id, userOf } from '../helpers/customerHistory';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

async function openHeldCase(tenant: Tenant, userId: string) {
  const { case: held } = await claimNext(as(tenant.ctx, userId, 'agent'), {});
  expect(held).not.toBeNull();
  return held!;
}

describe("the agent's call page", () => {
  test("shows the customer's other service cases with each attempt's time, outcome, agent and masked note, their answers and cases", async () => {
    const { tenant } = await customerWithHistory(world);
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
    const { tenant } = await customerWithHistory(world);
    const confined = await userOf(world, tenant, { label: 's1-agent', name: 'S1 agent', role: 'agent', siteIds: [tenant.sites[0]._id] });
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
    const { tenant } = await customerWithHistory(world);
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
    const { tenant } = await customerWithHistory(world);
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
    const { tenant } = await customerWithHistory(world);
    const manager = await userOf(world, tenant, { label: 's1-manager', name: 'S1 manager', role: 'siteManager', siteIds: [tenant.sites[0]._id] });
    const agent = await loginAgent(world.app, manager.email);
    const page = await agent.get(`/follow-ups/${id(tenant, 'task', 'S1')}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('OLD-S2');
    expect(page.text).not.toContain(id(tenant, 'task', 'S2'));
    expect(page.text).not.toContain(id(tenant, 'resp', 'S2'));
    expect((await agent.get(`/follow-ups/${id(tenant, 'task', 'S2')}`)).status).toBe(404);
  });
});
