/**
 * The dashboard's channel table links each channel to the page where its responses are
 * captured, as the channel module names it, and only for people who may open that page.
 */
import { loginAgent } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';
import { channels } from '../../server/services/channels';

const fixture = worldForFile();

test("an analyst's channel table links the survey to its campaigns, not calls or visits, which analysts cannot work", async () => {
  const analyst = await loginAgent(fixture.world.app, fixture.tenant.users.analyst!.email);
  const page = await analyst.get('/dashboard/channels').set('Accept', 'text/html').expect(200);
  expect(channels.modules.get('survey')!.capture.path).toBe('/campaigns');
  expect(page.text).toMatch(/<td><a href="\/campaigns">满意度调查<\/a><\/td>/);
  expect(page.text).toMatch(/<td>电话回访<\/td>/);
  expect(page.text).not.toMatch(/<a href="\/agent">电话回访/);
  expect(page.text).not.toMatch(/<a href="\/my-visits">/);
});
