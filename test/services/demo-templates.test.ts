import pino from 'pino';
import type { Enterprise } from '../../server/services/accounts/enterprises';
import { systemActor, tenantContext } from '../../server/services/context';
import { DEMO_ENTERPRISE_CODE, seedDemo } from '../../server/services/demo';
import { seedDemoTemplates } from '../../server/services/demo/templates';
import { listTemplates } from '../../server/services/templates/versions';
import { buildWorld, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

test('the demo seed publishes the three default templates, one per channel, and a rerun adds none', async () => {
  const log = pino({ level: 'silent' });
  expect(await seedDemo(world.store, 'demo-pass-1234', log)).toEqual({ created: true });
  const enterprise = (await world.store.collection<Enterprise>('enterprises').findOne({ code: DEMO_ENTERPRISE_CODE }))!;
  const ctx = tenantContext(world.store, systemActor(enterprise._id));
  const templates = await listTemplates(ctx);
  expect(templates.map((t) => t.channel).sort()).toEqual(['call', 'mystery', 'survey']);
  expect(templates.every((t) => t.publishedVersion === 1 && t.draft === null)).toBe(true);

  await seedDemoTemplates(ctx, log);
  expect(await listTemplates(ctx)).toHaveLength(3);
});
