/**
 * The dashboard's channel table links each channel to the page where its responses are
 * captured, as the channel module names it, and only for people who may open that page.
 */
import { HEAVY_MS } from '../helpers/timeouts';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';
import { channels } from '../../server/services/channels';

let world: World;
let tenant: Tenant;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
}, HEAVY_MS);
afterAll(() => world.close());

test("an analyst's channel table links the survey to its campaigns, not calls or visits, which analysts cannot work", async () => {
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  const page = await analyst.get('/dashboard/channels').set('Accept', 'text/html').expect(200);
  expect(channels.modules.get('survey')!.capture.path).toBe('/campaigns');
  expect(page.text).toMatch(/<td><a href="\/campaigns">满意度调查<\/a><\/td>/);
  expect(page.text).toMatch(/<td>电话回访<\/td>/);
  expect(page.text).not.toMatch(/<a href="\/agent">电话回访/);
  expect(page.text).not.toMatch(/<a href="\/my-visits">/);
});
