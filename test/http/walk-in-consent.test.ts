/**
 * The walk-in consent question 「是否愿意我们联系您？」: optional, a ticked box
 * needs a phone we can dial, the phone is stored apart from the answers (never
 * in the response, never in the answers export), shows masked on the case it
 * opens, and is erased with the campaign's contact details.
 */
import pino from 'pino';
import request from 'supertest';
import { handleCountedResponse } from '../../server/services/alerts/listener';
import { purgeEndedContacts } from '../../server/services/campaigns/jobs';
import type { Campaign, SiteLink } from '../../server/services/campaigns/types';
import type { WalkInContact } from '../../server/services/cases/consent';
import type { ResponseDoc } from '../../server/services/responses/types';
import { buildCampaign, formFields } from '../helpers/campaigns';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';
import { DAY_MS } from '../../server/services/calendar';

let world: World;
let tenant: Tenant;
let link: SiteLink;
let campaign: Campaign;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  const built = await buildCampaign(tenant);
  campaign = built.campaign;
  link = built.siteLinks.find((l) => l.siteId === tenant.sites[0]!._id)!;
});
afterAll(() => world.close());

const contacts = () => world.store.collection<WalkInContact>('walkInContacts');
const walkIns = () => world.store.collection<ResponseDoc>('responses').find({ 'refs.siteLinkId': link._id }, { sort: { submittedAt: 1 } });

test('the walk-in form asks for consent; a ticked box without a dialable phone is refused, nothing stored', async () => {
  const phone = request.agent(world.app);
  // The question closes the form: not on its first page.
  expect((await phone.get(`/f/${link._id}`).expect(200)).text).not.toContain('name="contact_phone"');
  const refused = await phone
    .post(`/f/${link._id}`)
    .type('form')
    .send(formFields({ contact_consent: 'yes', contact_phone: '12345' }))
    .expect(400);
  expect(refused.text).toContain('是否愿意我们联系您？');
  expect(refused.text).toContain('请填写可以联系到您的手机或座机号码');
  expect(refused.text).toContain('value="12345"');
  expect(await walkIns()).toHaveLength(0);
  // Without the box ticked the number is ignored: consent is the customer's choice.
  expect(
    (
      await phone
        .post(`/f/${link._id}`)
        .type('form')
        .send(formFields({ contact_phone: '13912345678' }))
        .expect(200)
    ).text,
  ).toContain('感谢您的评价');
  expect(await contacts().count({ enterpriseId: tenant.enterpriseId })).toBe(0);
});

test('a consenting walk-in customer’s phone is kept apart from the answers, shown masked on the case, never exported', async () => {
  const customer = request.agent(world.app);
  await customer.get(`/f/${link._id}`);
  await customer
    .post(`/f/${link._id}`)
    .type('form')
    .send(formFields({ a_overall_satisfaction: '1', a_recommend: '2', a_comment: '太慢了', contact_consent: 'yes', contact_phone: '139 1234 5678' }))
    .expect(200);
  const response = (await walkIns()).at(-1)!;
  const stored = await contacts().findOne({ _id: response._id });
  expect(stored).toMatchObject({ responseId: response._id, campaignId: campaign._id, siteId: tenant.sites[0]!._id, phone: '13912345678' });
  expect(JSON.stringify(response)).not.toContain('13912345678');

  const deps = { store: world.store, mailer: world.deps.mailer, logger: pino({ level: 'silent' }), baseUrl: 'http://localhost' };
  const [c] = await handleCountedResponse(deps, {
    enterpriseId: tenant.enterpriseId,
    siteId: response.siteId,
    channel: 'survey',
    responseId: response._id,
    at: response.respondedAt,
  });
  expect(c!.customerKey).toBe('phone:13912345678');
  const admin = await loginAgent(world.app, tenant.admin.email);
  const page = (await admin.get(`/follow-ups/${c!._id}`).expect(200)).text;
  expect(page).toContain('139****5678');
  expect(page).not.toContain('13912345678');

  const csv = (await admin.get('/api/v1/exports/responses?format=csv').expect(200)).text;
  expect(csv).toContain(response._id);
  expect(csv).not.toMatch(/1391234|5678/);
});

test('the phone is erased with the campaign’s contact details once retention ends', async () => {
  expect(await contacts().count({ enterpriseId: tenant.enterpriseId })).toBe(1);
  const afterRetention = new Date(Date.parse(campaign.linksExpireAt) + 91 * DAY_MS);
  expect(await purgeEndedContacts(world.store, afterRetention)).toBeGreaterThanOrEqual(1);
  expect(await contacts().count({ enterpriseId: tenant.enterpriseId })).toBe(0);
  // The answers stay: only contact details go.
  expect(await walkIns()).toHaveLength(2);
});
