/** When start-up loads the demo enterprise (SEED_DEMO × NODE_ENV × what the store holds). */
import { shouldSeedDemo, storeState } from '../../server/services/demo/policy';
import { buildTenant, buildWorld } from '../helpers/world';

const empty = { empty: true, demoPresent: false };
const inUse = { empty: false, demoPresent: false };
const withDemo = { empty: false, demoPresent: true };

test.each([
  // mode,    production, store,    seeds?
  ['auto', false, empty, true], // npm start on a fresh clone
  ['auto', false, inUse, false], // never beside an enterprise's data
  ['auto', true, empty, false], // never in production (the Docker image)
  ['always', false, empty, true],
  ['always', false, inUse, true], // asked for by name
  ['always', true, empty, false], // config refuses this pair; the rule holds anyway
  ['never', false, empty, false],
  ['never', true, empty, false],
  ['auto', false, withDemo, false], // already there: a restart adds nothing
  ['always', false, withDemo, false],
] as const)('SEED_DEMO=%s, production %s, store %j: seeds %s', (mode, production, store, seeds) => {
  expect(shouldSeedDemo(mode, production, store)).toBe(seeds);
});

test('a fresh store is empty; one with an enterprise is not, and has no demo', async () => {
  const world = await buildWorld();
  try {
    expect(await storeState(world.store)).toEqual({ empty: true, demoPresent: false });
    await buildTenant(world.store);
    expect(await storeState(world.store)).toEqual({ empty: false, demoPresent: false });
  } finally {
    await world.close();
  }
});
