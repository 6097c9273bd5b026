import { buildWorld } from '../helpers/world';
test('world', async () => {
  const w = await buildWorld();
  await w.close();
});
