/**
 * Where an English reader reads, enterprises and sites carry their English
 * names: the English halves of alert and invitation mails, the English SMS texts, the visit pages, the audit pages and the
 * exports in English. Chinese readers keep the Chinese names, and a site
 * without an English name keeps its Chinese one in English too.
 */
import type request from 'supertest';
import { parse as parseCsv } from 'csv-parse/sync';
import { updateEnterprise } from '../../server/services/accounts/enterprises';
import type { Role } from '../../server/services/accounts/roles';
import { updateSite } from '../../server/services/accounts/sites';
import { insertUser, type User } from '../../server/services/accounts/users';
import { createAudit } from '../../server/services/audits/audits';
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import { submitReport } from '../../server/services/visits/report';
import { auditorOf, dayFromNow } from '../helpers/audits';
import { buildCampaign } from '../helpers/campaigns';
import { publishAll, submit } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { addShopper, mysteryPlan, reportInput, today } from '../helpers/visits';
import { waitUntil } from '../helpers/wait';
import { buildTenant, buildWorld, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';
import { addDays } from '../../server/services/calendar';
import type { TenantContext } from '../../server/services/context';

const ENTERPRISE = { name: '华星家电服务', nameEn: 'Huaxing Appliance Service' };
const RIVERSIDE = { name: '滨江服务中心', nameEn: 'Riverside Service Centre' };
const WEST_LAKE = '西湖服务中心'; // no English name
const userOf = (email: string, role: Role) => ({ enterpriseId: tenant.enterpriseId, email, name: email, role, password: PASSWORD });
const OPERATOR = { userId: 'test-operator', role: 'operator' as const, enterpriseId: null, via: 'system' as const };

let world: World;
let tenant: Tenant;
type Agent = ReturnType<typeof request.agent>;
let admin: Agent;
let published: Awaited<ReturnType<typeof publishAll>>;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  await updateEnterprise(world.store, OPERATOR, tenant.enterpriseId, ENTERPRISE);
  await updateSite(tenant.ctx, tenant.sites[0]._id, { ...RIVERSIDE, managerEmail: 'riverside.manager@a.test' });
  await updateSite(tenant.ctx, tenant.sites[1]._id, { name: WEST_LAKE, managerEmail: 'westlake.manager@a.test' });
  // Published templates: the forms that pick a site (campaigns, visit plans) show only with one to use.
  published = await publishAll(tenant);
  admin = await loginAgent(world.app, tenant.admin.email);
});
afterAll(() => world.close());

/** The newest readable mail to `to` whose text contains `marker`, split into its Chinese and English halves. */
async function mailTo(to: string, marker: string) {
  const found = async () => {
    for (const entry of await world.deps.mailer.listOutbox(tenant.enterpriseId)) {
      if (entry.to !== to) continue;
      const read = await world.deps.mailer.readOutboxMessage(tenant.enterpriseId, entry.id);
      if (read?.message?.text.includes(marker)) return read.message;
    }
    return null;
  };
  const message = (await waitUntil(found, (m) => m !== null, `a mail to ${to} with ${marker}`))!;
  const [zh, en] = message.text.split('\n—\n');
  return { subject: message.subject, zh: zh!, en: en! };
}

describe('mails', () => {
  test('an alert mail names the site in English in its English half and in Chinese in its Chinese half', async () => {
    // A site manager who reads English: their subject is in English.
    await insertUser(world.store, { ...userOf('en.manager@a.test', 'siteManager'), siteIds: [tenant.sites[0]._id] });
    await world.store.collection<User>('users').updateOne({ email: 'en.manager@a.test' }, { $set: { locale: 'en' } });
    await submit(tenant, published, 'survey', 0, surveyAnswers({ overall_satisfaction: 1, recommend: 9 }));
    await submit(tenant, published, 'survey', 1, surveyAnswers({ overall_satisfaction: 1, recommend: 9 }));
    await world.drain();
    const riverside = await mailTo('riverside.manager@a.test', '/follow-ups/');
    expect(riverside.zh).toContain(`S1 ${RIVERSIDE.name}`);
    expect(riverside.subject).toContain(RIVERSIDE.name);
    expect(riverside.en).toContain(`S1 ${RIVERSIDE.nameEn}`);
    expect(riverside.en).not.toContain(RIVERSIDE.name);
    const english = await mailTo('en.manager@a.test', '/follow-ups/');
    expect(english.subject).toContain(`S1 ${RIVERSIDE.nameEn}`);
    expect(english.subject).not.toContain(RIVERSIDE.name);
    expect(english.en).toBe(riverside.en);
    // No English name: the English half keeps the Chinese one.
    const westLake = await mailTo('westlake.manager@a.test', '/follow-ups/');
    expect(westLake.en).toContain(`S2 ${WEST_LAKE}`);
  });

  test('a user invitation names the enterprise in English in its English half only', async () => {
    const res = await admin.post('/api/v1/users').send({ email: 'new.analyst@a.test', name: 'Ann', role: 'analyst' });
    expect(res.status).toBe(202);
    const mail = await mailTo('new.analyst@a.test', '/set-password/');
    expect(mail.subject).toContain(ENTERPRISE.name);
    expect(mail.zh).toContain(ENTERPRISE.name);
    expect(mail.zh).not.toContain(ENTERPRISE.nameEn);
    expect(mail.en).toContain(ENTERPRISE.nameEn);
    expect(mail.en).not.toContain(ENTERPRISE.name);
  });

  test('a password reset is titled in the language the user chose, naming the enterprise in it', async () => {
    await insertUser(world.store, userOf('en.analyst@a.test', 'analyst'));
    await world.store.collection<User>('users').updateOne({ email: 'en.analyst@a.test' }, { $set: { locale: 'en' } });
    await insertUser(world.store, userOf('zh.analyst@a.test', 'analyst'));
    for (const email of ['en.analyst@a.test', 'zh.analyst@a.test']) expect((await admin.post('/api/v1/auth/password-reset').send({ email })).status).toBe(202);
    const english = await mailTo('en.analyst@a.test', '/set-password/');
    expect(english.subject).toBe(`[${ENTERPRISE.nameEn}] Reset your ServiceStar password`);
    const chinese = await mailTo('zh.analyst@a.test', '/set-password/');
    expect(chinese.subject).toContain(`【${ENTERPRISE.name}】`);
  });
});

describe('SMS texts', () => {
  let campaignId: string;
  beforeAll(async () => {
    const { campaign } = await buildCampaign(tenant, {
      recipients: [
        { name: '张三', phone: '13800138001', siteCode: 'S1', caseId: 'C1' },
        { name: '李四', phone: '13800138002', siteCode: 'S2', caseId: 'C2' },
      ],
    });
    campaignId = campaign._id;
  });
  const messages = async (query: string) => {
    const res = await admin.get(`/campaigns/${campaignId}/sms.csv${query}`);
    expect(res.status).toBe(200);
    const [, ...rows] = parseCsv(res.text.replace(/^\ufeff/, '')) as string[][];
    return new Map(rows.map((r) => [r[4]!, r[1]!]));
  };

  test('the English export names enterprise and site in English, falling back to the Chinese site name', async () => {
    const en = await messages('?language=en');
    expect(en.get('S1')).toContain(`[${ENTERPRISE.nameEn}]`);
    expect(en.get('S1')).toContain(RIVERSIDE.nameEn);
    expect(en.get('S1')).not.toMatch(/[\u4e00-\u9fff]/);
    expect(en.get('S2')).toContain(WEST_LAKE);
  });

  test('the export stays Chinese by default, even for a reader of English pages', async () => {
    const zh = await messages('?lang=en');
    expect(zh.get('S1')).toContain(ENTERPRISE.name);
    expect(zh.get('S1')).toContain(RIVERSIDE.name);
    expect(zh.get('S1')).not.toContain(RIVERSIDE.nameEn);
  });

  test('an unknown language is refused naming the field', async () => {
    const res = await admin.get(`/campaigns/${campaignId}/sms.csv?language=fr`).set('Accept', 'application/json');
    expect(res.status).toBe(400);
    expect(res.text).toContain('language');
  });

  test('the campaign page names its sites in the page language and links to both exports', async () => {
    const page = await admin.get(`/campaigns/${campaignId}?lang=en`);
    expect(page.text).toContain(`<strong>S1</strong> ${RIVERSIDE.nameEn}</td>`);
    expect(page.text).toContain(`<strong>S2</strong> ${WEST_LAKE}</td>`);
    expect(page.text).toContain(`href="/campaigns/${campaignId}/sms.csv?language=en"`);
    expect(page.text).toContain(`href="/campaigns/${campaignId}/sms.csv"`);
    expect((await admin.get(`/campaigns/${campaignId}?lang=zh-CN`)).text).toContain(`<strong>S1</strong> ${RIVERSIDE.name}</td>`);
  });

  test('the bilingual poster names the site in English in its English lines only', async () => {
    const poster = await admin.get(`/campaigns/${campaignId}/sites/${tenant.sites[0]._id}/poster`);
    expect(poster.status).toBe(200);
    expect(poster.text).toContain(`<p class="p-en p-lead" lang="en">Your feedback helps ${RIVERSIDE.nameEn} do better.</p>`);
    expect(poster.text).toContain(`<p class="p-site">${RIVERSIDE.name}`);
  });
});

describe('site pickers and filters', () => {
  test.each(['/follow-ups', '/follow-ups/settings', '/admin/users', '/topics', '/campaigns/new', '/call-cases', '/call-lists/new', '/visit-plans'])(
    '%s names the sites in the page language',
    async (path) => {
      const en = await admin.get(`${path}?lang=en`);
      expect(en.status).toBe(200);
      expect(en.text).toMatch(new RegExp(`S1(</strong>)? ${RIVERSIDE.nameEn}`));
      expect(en.text).toMatch(new RegExp(`S2(</strong>)? ${WEST_LAKE}`));
      const zh = await admin.get(`${path}?lang=zh-CN`);
      expect(zh.text).toMatch(new RegExp(`S1(</strong>)? ${RIVERSIDE.name}`));
      expect(zh.text).not.toContain(RIVERSIDE.nameEn);
    },
  );
});

describe('visit pages', () => {
  let visitId: string;
  let shopper: Agent;
  let reviewer: Agent;
  let shopperCtx: TenantContext;
  beforeAll(async () => {
    const { visits } = await mysteryPlan(tenant, { from: addDays(today(), -30), to: today() });
    const added = await addShopper(tenant, ['北京']);
    visitId = visits[0]._id;
    await assignVisit(tenant.ctx, visitId, added.user._id);
    await acceptVisit(added.ctx, visitId);
    shopperCtx = added.ctx;
    shopper = await loginAgent(world.app, added.user.email);
    reviewer = await loginAgent(world.app, tenant.users.reviewer!.email);
  });

  test('the shopper’s visit list, visit page and brief name the site in the page language', async () => {
    const list = await shopper.get('/my-visits?lang=en');
    expect(list.text).toContain(`<strong>S1 ${RIVERSIDE.nameEn}</strong>`);
    const page = await shopper.get(`/my-visits/${visitId}?lang=en`);
    expect(page.text).toContain(`<h1>S1 ${RIVERSIDE.nameEn}</h1>`);
    expect((await shopper.get(`/api/v1/visits/${visitId}/brief?lang=en`)).body.site.name).toBe(RIVERSIDE.nameEn);

    expect((await shopper.get('/my-visits?lang=zh-CN')).text).toContain(`<strong>S1 ${RIVERSIDE.name}</strong>`);
    const zh = await shopper.get(`/my-visits/${visitId}?lang=zh-CN`);
    expect(zh.text).toContain(`<h1>S1 ${RIVERSIDE.name}</h1>`);
    expect(zh.text).not.toContain(RIVERSIDE.nameEn);
    expect((await shopper.get(`/api/v1/visits/${visitId}/brief?lang=zh-CN`)).body.site.name).toBe(RIVERSIDE.name);
  });

  test('the reviewer’s queue and visit page name the site in the page language', async () => {
    await submitReport(shopperCtx, visitId, reportInput(2));
    const queue = await reviewer.get('/review?lang=en');
    expect(queue.text).toContain(`S1 ${RIVERSIDE.nameEn}`);
    const page = await reviewer.get(`/review/visits/${visitId}?lang=en`);
    expect(page.text).toContain(`<h1>S1 ${RIVERSIDE.nameEn} · #`);
    const zh = await reviewer.get(`/review/visits/${visitId}?lang=zh-CN`);
    expect(zh.text).toContain(`<h1>S1 ${RIVERSIDE.name} · #`);
    expect(zh.text).not.toContain(RIVERSIDE.nameEn);
  });
});

describe('audit pages and the report', () => {
  let auditId: string;
  beforeAll(async () => {
    auditId = (await createAudit(auditorOf(world, tenant), { kind: 'stage1', plannedDate: dayFromNow(2) }))._id;
  });

  test('the entry page’s site tabs and heading name the sites in the page language', async () => {
    const auditor = await loginAgent(world.app, tenant.users.auditor!.email);
    const en = await auditor.get(`/audits/${auditId}?lang=en`);
    expect(en.status).toBe(200);
    expect(en.text).toContain(`<strong>S1</strong> ${RIVERSIDE.nameEn}</a>`);
    expect(en.text).toContain(`<strong>S2</strong> ${WEST_LAKE}</a>`);
    expect(en.text).toContain(`S1 ${RIVERSIDE.nameEn}</legend>`);
    const zh = await auditor.get(`/audits/${auditId}?lang=zh-CN`);
    expect(zh.text).toContain(`<strong>S1</strong> ${RIVERSIDE.name}</a>`);
    expect(zh.text).not.toContain(RIVERSIDE.nameEn);
  });

  test('the projection page and its JSON name the sites in the page language', async () => {
    const en = await admin.get(`/audits/${auditId}/projection?lang=en`);
    expect(en.status).toBe(200);
    expect(en.text).toContain(`S1 ${RIVERSIDE.nameEn} · `);
    const zh = await admin.get(`/audits/${auditId}/projection?lang=zh-CN`);
    expect(zh.text).toContain(`S1 ${RIVERSIDE.name} · `);
    expect(zh.text).not.toContain(RIVERSIDE.nameEn);
    const json = await admin.get(`/api/v1/audits/${auditId}/projection?lang=en`);
    expect(json.body.sites.find((s: { code: string }) => s.code === 'S1').name).toBe(RIVERSIDE.nameEn);
  });

  test('the audit report (the page the PDF prints) names enterprise and sites in the page language', async () => {
    const en = await admin.get(`/reports/audit?audit=${auditId}&lang=en`);
    expect(en.status).toBe(200);
    expect(en.text).toContain(ENTERPRISE.nameEn);
    expect(en.text).toContain(`S1 ${RIVERSIDE.nameEn}`);
    expect(en.text).toContain(`S2 ${WEST_LAKE}`);
    const zh = await admin.get(`/reports/audit?audit=${auditId}&lang=zh-CN`);
    expect(zh.text).toContain(ENTERPRISE.name);
    expect(zh.text).not.toContain(ENTERPRISE.nameEn);
    expect(zh.text).not.toContain(RIVERSIDE.nameEn);
  });
});

describe('exports', () => {
  const rowsOf = (text: string) => {
    const [, codes, ...data] = parseCsv(text.replace(/^\ufeff/, '')) as string[][];
    return data.map((cells) => Object.fromEntries(codes!.map((code, i) => [code, cells[i]!])));
  };

  test('the responses export names sites in its language', async () => {
    const en = rowsOf((await admin.get('/api/v1/exports/responses?format=csv&language=en').expect(200)).text);
    expect(new Set(en.map((r) => `${r.site_code} ${r.site_name}`))).toEqual(new Set([`S1 ${RIVERSIDE.nameEn}`, `S2 ${WEST_LAKE}`]));
    const zh = rowsOf((await admin.get('/api/v1/exports/responses?format=csv&language=zh-CN').expect(200)).text);
    expect(new Set(zh.map((r) => `${r.site_code} ${r.site_name}`))).toEqual(new Set([`S1 ${RIVERSIDE.name}`, `S2 ${WEST_LAKE}`]));
  });

  test('the scores export names sites in its language, whether one site or all', async () => {
    const all = rowsOf((await admin.get('/api/v1/exports/scores?format=csv&language=en').expect(200)).text);
    expect(all.find((r) => r.scope === 'S1')!.scope_name).toBe(RIVERSIDE.nameEn);
    expect(all.find((r) => r.scope === 'S2')!.scope_name).toBe(WEST_LAKE);
    const one = rowsOf((await admin.get('/api/v1/exports/scores?format=csv&language=en&site=S1').expect(200)).text);
    expect(new Set(one.map((r) => r.scope_name))).toEqual(new Set([RIVERSIDE.nameEn]));
    const zh = rowsOf((await admin.get('/api/v1/exports/scores?format=csv&language=zh-CN').expect(200)).text);
    expect(zh.find((r) => r.scope === 'S1')!.scope_name).toBe(RIVERSIDE.name);
  });
});
