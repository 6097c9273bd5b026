/**
 * Text comes in without bidi embedding/override/isolate controls (services/text.ts):
 * through the JSON API, a customer's form, a shopper's multipart report and its
 * photo names, and an uploaded CSV. Each case sends a reversing control and checks
 * what was stored.
 */
import type request from 'supertest';
import supertest from 'supertest';
import type { Recipient } from '../../server/services/campaigns/types';
import type { ResponseDoc } from '../../server/services/responses/types';
import { cleanInputText, withoutBidiControls } from '../../server/services/text';
import type { VisitEvidence } from '../../server/services/visits/evidence';
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import { buildCampaign, formFields } from '../helpers/campaigns';
import { addShopper, checklistAnswers, jpegBytes, mysteryPlan, reportInput, today } from '../helpers/visits';
import { waitUntil } from '../helpers/wait';
import { csrfTokenOf, loginAgent } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';
import { addDays } from '../../server/services/calendar';

const RLO = '\u202E';
const CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];

const fixture = worldForFile();

describe('withoutBidiControls and cleanInputText', () => {
  test('remove every embedding, override and isolate control; keep marks, Arabic and Chinese', () => {
    expect(withoutBidiControls(`a${CONTROLS.join('')}b`)).toBe('ab');
    const kept = '\u200E\u200Fمرحبا 你好';
    expect(withoutBidiControls(kept)).toBe(kept);
  });

  test('clean nested values in place, leave keys and non-strings, and never touch the prototype', () => {
    const body = JSON.parse(`{"a":"x${RLO}y","list":["${RLO}1",2,{"deep":"z${RLO}"}],"__proto__":"p${RLO}","n":null}`);
    cleanInputText(body);
    expect(body).toEqual(JSON.parse('{"a":"xy","list":["1",2,{"deep":"z"}],"__proto__":"p","n":null}'));
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(cleanInputText(`s${RLO}`)).toBe('s');
    expect(cleanInputText(undefined)).toBeUndefined();
  });

  test('a body nested 100,000 deep does not overflow the stack', () => {
    let deep: unknown = `v${RLO}`;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => cleanInputText(deep)).not.toThrow();
  });
});

test('the JSON API stores a site name without the override', async () => {
  const agent = await loginAgent(fixture.world.app, fixture.tenant.admin.email);
  const res = await agent.post('/api/v1/sites').send({ code: 'RLO1', name: `网点${RLO}gnp.exe`, city: '上海' });
  expect(res.status).toBe(201);
  expect(res.body.site.name).toBe('网点gnp.exe');
  const stored = await fixture.world.store.collection('sites').findOne({ enterpriseId: fixture.tenant.enterpriseId, code: 'RLO1' });
  expect(stored).toMatchObject({ name: '网点gnp.exe' });
});

test("a customer's comment through the survey form is stored without controls", async () => {
  const { recipients } = await buildCampaign(fixture.tenant, { recipients: [{ email: 'bidi@example.com', siteCode: 'S1' }] });
  const res = await supertest(fixture.world.app)
    .post(`/s/${recipients[0]!.token}`)
    .type('form')
    .send(formFields({ page: '4', a_comment: `很好${RLO}\u2067谢谢\u2069` }));
  expect(res.status).toBe(200);
  const response = await fixture.world.store.collection<ResponseDoc>('responses').findOne({ 'refs.recipientId': recipients[0]!._id });
  expect(response!.answers.comment).toBe('很好谢谢');
});

test('an uploaded recipient CSV is imported without controls', async () => {
  const { campaign } = await buildCampaign(fixture.tenant, { recipients: [{ email: 'first@example.com', siteCode: 'S1' }] });
  const admin = await loginAgent(fixture.world.app, fixture.tenant.admin.email);
  const csrf = await csrfTokenOf(admin, `/campaigns/${campaign._id}`);
  const csv = Buffer.from(`name,email,site_code\n${RLO}三张,zhang3@example.com,S1\n`);
  const staged = await admin.post(`/upload/campaigns/${campaign._id}/recipients`).field('_csrf', csrf).attach('file', csv, 'list.csv');
  expect(staged.status).toBe(303);
  const importPage = staged.headers.location!;
  expect((await admin.post(`${importPage}/commit`).type('form').send({ _csrf: csrf })).status).toBe(303);
  // The commit runs in the background after the redirect: wait for its row.
  const recipient = await waitUntil(
    () => fixture.world.store.collection<Recipient>('recipients').findOne({ campaignId: campaign._id, email: 'zhang3@example.com' }),
    (found) => found !== null,
    'the imported recipient',
  );
  expect(recipient?.name).toBe('三张');
});

test("a shopper's multipart report and photo name are stored without controls", async () => {
  const { visits } = await mysteryPlan(fixture.tenant, { from: addDays(today(), -30), to: today() });
  const shopper = await addShopper(fixture.tenant, ['北京']);
  await assignVisit(fixture.tenant.ctx, visits[0]!._id, shopper.user._id);
  await acceptVisit(shopper.ctx, visits[0]!._id);
  const agent: ReturnType<typeof request.agent> = await loginAgent(fixture.world.app, shopper.user.email);
  const visitId = visits[0]!._id;
  const csrf = await csrfTokenOf(agent, `/my-visits/${visitId}`);
  const r = reportInput(2);
  const answers = Object.fromEntries(Object.entries(checklistAnswers()).map(([k, v]) => [`a_${k}`, String(v)]));
  let req = agent.post(`/upload/my-visits/${visitId}`).field('_csrf', csrf);
  for (const [k, v] of Object.entries({
    visitDate: r.visitDate!,
    startTime: r.startTime!,
    endTime: r.endTime!,
    comments: `整体${RLO}不错`,
    intent: 'draft',
    ...answers,
  }))
    req = req.field(k, v);
  const res = await req.attach('a_evidence_photos', await jpegBytes(), `门头${RLO}gnp.jpg`);
  expect(res.status).toBe(303);
  const visit = await fixture.tenant.ctx.store.collection('visits').findOne({ _id: visitId });
  expect(JSON.stringify(visit)).toContain('整体不错');
  expect(JSON.stringify(visit)).not.toContain(RLO);
  const [photo] = await fixture.tenant.ctx.store.collection<VisitEvidence>('visitEvidence').find({ visitId });
  expect(photo!.label).toBe('门头gnp.jpg');
});
