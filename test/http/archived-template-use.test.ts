/**
 * Archiving takes a template out of use: a campaign or visit plan created
 * through the API with an archived template's id is refused with a 400 naming
 * `templateId`, and nothing is created; once restored, the same call works.
 */
import { archiveTemplate, restoreTemplate } from '../../server/services/templates/lifecycle';
import { addDays } from '../../server/services/calendar';
import { SLOTS } from '../../server/services/visits/types';
import { isoDay } from '../helpers/campaigns';
import { publishDefaultTemplate } from '../helpers/templates';
import { today } from '../helpers/visits';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile({ adminAgent: true });

const count = (collection: string) => fixture.world.store.collection(collection).count({ enterpriseId: fixture.tenant.enterpriseId });

test('a campaign on an archived survey is refused with 400 naming templateId, and accepted again once the survey is restored', async () => {
  const survey = await publishDefaultTemplate(fixture.tenant.ctx, 'survey');
  await archiveTemplate(fixture.tenant.ctx, survey.templateId);
  const body = {
    name: 'After archiving',
    templateId: survey.templateId,
    templateVersion: survey.version,
    siteIds: [fixture.tenant.sites[0]._id],
    startsOn: isoDay(0),
    endsOn: isoDay(20),
    reminders: { afterDays: 3, maxCount: 1 },
    privacyContact: 'privacy@test.local',
  };
  const before = await count('campaigns');
  const refused = await fixture.admin.post('/api/v1/campaigns').send(body);
  expect(refused.status).toBe(400);
  expect(refused.body.error.field).toBe('templateId');
  expect(refused.body.error.message).toMatch(/archived/);
  expect(await count('campaigns')).toBe(before);

  await restoreTemplate(fixture.tenant.ctx, survey.templateId);
  expect((await fixture.admin.post('/api/v1/campaigns').send(body)).status).toBe(201);
});

test('a visit plan on an archived checklist is refused with 400 naming templateId, and nothing is planned', async () => {
  const checklist = await publishDefaultTemplate(fixture.tenant.ctx, 'mystery');
  await archiveTemplate(fixture.tenant.ctx, checklist.templateId);
  const before = await count('visitPlans');
  const refused = await fixture.admin.post('/api/v1/visit-plans').send({
    siteId: fixture.tenant.sites[0]._id,
    from: addDays(today(), 1),
    to: addDays(today(), 20),
    visits: 1,
    templateId: checklist.templateId,
    slots: [...SLOTS],
  });
  expect(refused.status).toBe(400);
  expect(refused.body.error.field).toBe('templateId');
  expect(await count('visitPlans')).toBe(before);
});
