/**
 * The world most HTTP and service tests stand on, shared by all the tests of one file: a fresh
 * world with one tenant, built before the file's first test and closed after its last, and,
 * when asked for, the tenant admin signed in. One declaration instead of the same beforeAll in
 * every file; a file that needs more (a server, seeded data) adds its own beforeAll after it.
 *   const fixture = worldForFile({ adminAgent: true });
 *   test('…', async () => { await fixture.admin.get('/templates').expect(200); });
 */
import { HEAVY_MS } from './timeouts';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from './world';

export interface FileWorld {
  readonly world: World;
  readonly tenant: Tenant;
}

export interface FileWorldWithAdmin extends FileWorld {
  /** A supertest agent signed in as the tenant's admin. */
  readonly admin: Awaited<ReturnType<typeof loginAgent>>;
}

export function worldForFile(): FileWorld;
export function worldForFile(options: { adminAgent: true }): FileWorldWithAdmin;
export function worldForFile(options: { adminAgent?: boolean } = {}): FileWorld | FileWorldWithAdmin {
  const fixture = {} as { world: World; tenant: Tenant; admin: FileWorldWithAdmin['admin'] };
  beforeAll(async () => {
    fixture.world = await buildWorld();
    fixture.tenant = await buildTenant(fixture.world.store);
    // Only when asked: signing in leaves a session (and a last-login time) that some files count.
    if (options.adminAgent) fixture.admin = await loginAgent(fixture.world.app, fixture.tenant.admin.email);
  }, HEAVY_MS);
  afterAll(() => fixture.world?.close());
  return fixture;
}
