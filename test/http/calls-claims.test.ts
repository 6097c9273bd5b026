import request from 'supertest';
import { insertUser } from '../../server/services/accounts/users';
import { listWithCases } from '../helpers/calls';
import { startServer } from '../helpers/server';
import { buildTenant, buildWorld, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  server = await startServer(world);
});
afterAll(async () => {
  await server?.stop();
  await world?.close();
});

test('20 agents pressing “next case” at once for 10 cases get 10 distinct cases and 10 “no case left”', async () => {
  await listWithCases(tenant, 10);
  const agents = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const user = await insertUser(world.store, {
        enterpriseId: tenant.enterpriseId,
        email: `race-${i}@${tenant.enterpriseId}.test`,
        name: `坐席${i}`,
        role: 'agent',
        password: PASSWORD,
      });
      const agent = request.agent(server.url);
      const login = await agent.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD });
      expect(login.status).toBe(200);
      return { agent, user };
    }),
  );
  // All requests leave before any answer is read: they reach the one server together. (The embedded store
  // runs each request's statements without yielding to I/O, so calls-outcomes.test.ts also races the
  // service in one tick, where a non-atomic find-then-update demonstrably hands out duplicates.)
  const answers = await Promise.all(agents.map(({ agent }) => agent.post('/api/v1/call-cases/next').send({})));
  expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
  const claimed = answers.filter((r) => r.body.case);
  const none = answers.filter((r) => r.body.case === null);
  expect(claimed).toHaveLength(10);
  expect(none).toHaveLength(10);
  for (const r of none) expect(r.body).toEqual({ case: null, reason: 'no_case_left', message: 'no case is left to call right now' });
  expect(new Set(claimed.map((r) => r.body.case._id)).size).toBe(10);
  // Each winner holds its case in the store, and may reveal its number (masked until then); nobody else may.
  const stored = await tenant.ctx.store.collection('callCases').find({ holderId: { $exists: true } });
  expect(stored).toHaveLength(10);
  for (const [i, r] of answers.entries()) {
    if (!r.body.case) continue;
    expect(stored.find((c) => c._id === r.body.case._id)!.holderId).toBe(agents[i]!.user._id);
    expect(r.body.case).toMatchObject({ heldByYou: true, phoneMasked: true, mayRevealPhone: true });
    expect(r.body.case.phone).not.toBe(stored.find((c) => c._id === r.body.case._id)!.phone);
  }
});
