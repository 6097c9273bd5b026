/**
 * Every date a form or the API takes is a day that exists: 2025-02-30 is a 400
 * naming the field, never stored as a date the calendar rolls into March.
 */
import { loginAgent } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile();

test('an audit planned for 30 February is refused, naming plannedDate, and nothing is stored', async () => {
  const auditor = await loginAgent(fixture.world.app, fixture.tenant.users.auditor!.email);
  const res = await auditor.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: '2025-02-30' }).expect(400);
  expect(res.body.error.message).toBe('plannedDate: must be a date that exists, as YYYY-MM-DD');
  expect(await fixture.world.store.collection('audits').count({ enterpriseId: fixture.tenant.enterpriseId })).toBe(0);
  await auditor.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: '2024-02-29' }).expect(201);
});

test('a visit plan ending on 31 April is refused, naming to', async () => {
  const admin = await loginAgent(fixture.world.app, fixture.tenant.admin.email);
  const res = await admin
    .post('/api/v1/visit-plans')
    .send({ siteId: fixture.tenant.sites[0]._id, from: '2025-04-01', to: '2025-04-31', visits: 2 })
    .expect(400);
  expect(res.body.error.message).toBe('to: must be a date that exists, as YYYY-MM-DD');
});

test('a date in another shape keeps its own message', async () => {
  const auditor = await loginAgent(fixture.world.app, fixture.tenant.users.auditor!.email);
  const res = await auditor.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: '30/02/2025' }).expect(400);
  expect(res.body.error.message).toBe('plannedDate: must be a date as YYYY-MM-DD');
});
