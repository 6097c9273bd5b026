/**
 * Writes a signed-in person's requests no longer cause: an API token's "last
 * used" moves at most once a minute, and a rolling session's expiry likewise.
 */
import { actorForToken, createApiToken, type ApiToken } from '../../server/services/accounts/apiTokens';
import { StoreSessionStore } from '../../server/http/middleware/sessionStore';
import { buildTenant, buildWorld, type World } from '../helpers/world';

let world: World;
beforeEach(async () => {
  world = await buildWorld();
});
afterEach(() => world.close());

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

test("an API token's lastUsedAt is written on first use and then at most once a minute", async () => {
  const tenant = await buildTenant(world.store);
  const { token, record } = await createApiToken(tenant.ctx, { name: 'crm', role: 'analyst' });
  const tokens = world.store.collection<ApiToken>('apiTokens');
  expect((await tokens.findOne({ _id: record._id }))!.lastUsedAt).toBeUndefined();

  // Written during the call: between the clock readings around it, however long the call took.
  const usedBetween = async (use: () => Promise<unknown>) => {
    const before = Date.now();
    await use();
    const after = Date.now();
    const at = Date.parse((await tokens.findOne({ _id: record._id }))!.lastUsedAt!);
    return at >= before && at <= after;
  };
  let actor: unknown;
  await expect(usedBetween(async () => (actor = await actorForToken(world.store, token)))).resolves.toBe(true);
  expect(actor).toMatchObject({ enterpriseId: tenant.enterpriseId, role: 'analyst' });

  // A few seconds ago: well inside the minute, even if this test runs slowly.
  const recent = minutesAgo(0.05);
  await tokens.updateOne({ _id: record._id }, { $set: { lastUsedAt: recent } });
  await actorForToken(world.store, token);
  expect((await tokens.findOne({ _id: record._id }))!.lastUsedAt).toBe(recent);

  await tokens.updateOne({ _id: record._id }, { $set: { lastUsedAt: minutesAgo(2) } });
  await expect(usedBetween(() => actorForToken(world.store, token))).resolves.toBe(true);
});

test("a rolling session's expiry is pushed back at most once a minute, and a new store touches at once", async () => {
  const sessions = world.store.collection<{ _id: string; expiresAt: string }>('sessions');
  const sessionStore = new StoreSessionStore(world.store);
  const sess = (inMs: number) => ({ cookie: { expires: new Date(Date.now() + inMs), originalMaxAge: inMs } }) as never;
  const call = (fn: (cb: () => void) => void) => new Promise<void>((resolve) => fn(resolve));
  const expiry = async () => (await sessions.findOne({ _id: 'sid-1' }))!.expiresAt;

  await call((cb) => sessionStore.set('sid-1', sess(60 * 60_000), cb));
  const written = await expiry();
  await call((cb) => sessionStore.touch('sid-1', sess(2 * 60 * 60_000), cb));
  expect(await expiry()).toBe(written);

  // Another process (or this one after a restart) has not written it: it writes.
  const other = new StoreSessionStore(world.store);
  await call((cb) => other.touch('sid-1', sess(2 * 60 * 60_000), cb));
  expect(Date.parse(await expiry()) - Date.parse(written)).toBeGreaterThan(50 * 60_000);
});
