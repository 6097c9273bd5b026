/**
 * Campaign pages and API as an enterprise admin uses them: create, upload a
 * CSV (preview, errors, commit with progress), status, SMS export, QR codes
 * and poster; and what other roles may not do.
 */
import iconv from 'iconv-lite';
import type { Recipient } from '../../server/services/campaigns/types';
import { buildCampaign, isoDay } from '../helpers/campaigns';
import { publishDefaultTemplate } from '../helpers/templates';
import { waitUntil } from '../helpers/wait';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile({ adminAgent: true });

test('creates a campaign from the form; a bad period comes back with the rule and what was typed', async () => {
  const survey = await publishDefaultTemplate(fixture.tenant.ctx, 'survey');
  const form = await fixture.admin.get('/campaigns/new');
  expect(form.status).toBe(200);
  expect(form.text).toContain(`value="${survey.templateId}@${survey.version}"`);
  const csrf = await csrfTokenOf(fixture.admin, '/campaigns/new');
  const fields = {
    _csrf: csrf,
    name: '四季度维修回访',
    version: `${survey.templateId}@${survey.version}`,
    siteIds: fixture.tenant.sites.map((s) => s._id),
    startsOn: isoDay(0),
    endsOn: isoDay(-1),
    afterDays: '3',
    maxCount: '2',
    privacyContact: 'dpo@example.com',
  };
  const bad = await fixture.admin.post('/campaigns').type('form').send(fields);
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('endsOn: must not be before startsOn');
  expect(bad.text).toContain('value="四季度维修回访"');
  const ok = await fixture.admin
    .post('/campaigns')
    .type('form')
    .send({ ...fields, endsOn: isoDay(30) });
  expect(ok.status).toBe(303);
  const page = await fixture.admin.get(ok.headers.location!);
  expect(page.text).toContain('四季度维修回访');
  expect(page.text).toContain('每 3 天，最多 2 次');
});

test('uploads a GBK CSV: preview with row errors blocks it; a clean file imports with progress and shows in the status', async () => {
  const { campaign } = await buildCampaign(fixture.tenant, { recipients: [{ email: 'first@example.com', siteCode: 'S1' }] });
  const csrf = await csrfTokenOf(fixture.admin, `/campaigns/${campaign._id}`);
  const bad = iconv.encode('姓名,邮箱,网点代码\n张三,bad-email,S1\n李四,li@example.com,S1\n', 'gbk');
  const staged = await fixture.admin
    .post(`/upload/campaigns/${campaign._id}/recipients`)
    .field('_csrf', csrf)
    .field('encoding', 'auto')
    .attach('file', bad, 'list.csv');
  expect(staged.status).toBe(303);
  const preview = await fixture.admin.get(staged.headers.location!);
  expect(preview.text).toContain('<td>2</td><td><code>email</code> 邮箱</td><td>须为邮箱地址，例如 name@example.com</td>');
  expect(preview.text).not.toContain('must be an email address');
  expect(preview.text).not.toContain('/commit');

  const good = Buffer.from(
    'name,email,phone,site_code,case_id\n王五,wang@example.com,13800138000,S2,A1\n赵六,zhao@example.com,,S1,A2\n王五,wang@example.com,,S2,A1\n',
  );
  const second = await fixture.admin.post(`/upload/campaigns/${campaign._id}/recipients`).field('_csrf', csrf).attach('file', good, 'good.csv');
  const importPage = second.headers.location!;
  const shown = await fixture.admin.get(importPage);
  expect(shown.text).toContain('导入 2 位收件人');
  expect(shown.text).toContain('第 4 行与第 2 行重复');
  expect(shown.text).toContain('wa***@example.com');
  const commit = await fixture.admin.post(`${importPage}/commit`).type('form').send({ _csrf: csrf });
  expect(commit.status).toBe(303);
  const finished = await waitUntil(
    () => fixture.admin.get(importPage),
    (r) => r.text.includes('已完成'),
    'the import page to say 已完成',
  );
  expect(finished.text).toContain('已完成');
  const status = await fixture.admin.get(`/campaigns/${campaign._id}`);
  expect(status.text).toMatch(/<strong>3<\/strong><span>收件人<\/span>/);
  expect(status.text).toContain('138****8000');
  expect(status.text).not.toContain('13800138000');
  // Committing twice is refused, not repeated.
  await fixture.admin.post(`${importPage}/commit`).type('form').send({ _csrf: csrf });
  expect(await fixture.world.store.collection('recipients').count({ campaignId: campaign._id })).toBe(3);
});

test('upload needs the form token, refuses a non-file and an oversized file', async () => {
  const { campaign } = await buildCampaign(fixture.tenant);
  const csrf = await csrfTokenOf(fixture.admin, `/campaigns/${campaign._id}`);
  const noToken = await fixture.admin
    .post(`/upload/campaigns/${campaign._id}/recipients`)
    .attach('file', Buffer.from('email,site_code\na@example.com,S1\n'), 'x.csv');
  expect(noToken.status).toBe(403);
  const noFile = await fixture.admin.post(`/upload/campaigns/${campaign._id}/recipients`).field('_csrf', csrf);
  expect(noFile.status).toBe(400);
  expect(noFile.text).toContain('file: choose a CSV file to upload');
  const huge = await fixture.admin
    .post(`/upload/campaigns/${campaign._id}/recipients`)
    .set('Accept', 'application/json')
    .field('_csrf', csrf)
    .attach('file', Buffer.alloc(33 * 1024 * 1024, 'a'), 'huge.csv');
  expect(huge.status).toBe(413);
  expect(huge.body.error.field).toBe('file');
});

test('the import page shows every row rule in the page language, keeping row and field', async () => {
  const { campaign } = await buildCampaign(fixture.tenant);
  const csrf = await csrfTokenOf(fixture.admin, `/campaigns/${campaign._id}`);
  const file = [
    'name,email,phone,site_code,case_id,service_date',
    '李四,not-an-email,,S1,C2,2026-01-05',
    '王五,,12345,S2,C3,',
    '赵六,zhao@example.com,,XX9,C4,',
    '钱七,qian@example.com,,,C5,',
    '孙八,,,S1,C6,',
    '周九,zhou@example.com,,S2,C7,2999-01-01',
    '吴十,wu@example.com,,S2,C8,2026-02-30',
    `${'名'.repeat(101)},a@example.com,,S1,${'x'.repeat(65)},`,
  ].join('\n');
  const staged = await fixture.admin.post(`/upload/campaigns/${campaign._id}/recipients`).field('_csrf', csrf).attach('file', Buffer.from(file), 'bad.csv');
  const page = staged.headers.location!;
  const zh = (await fixture.admin.get(page).expect(200)).text;
  const sites = fixture.tenant.sites.map((s) => s.code).join(', ');
  for (const cell of [
    '<td>2</td><td><code>email</code> 邮箱</td><td>须为邮箱地址，例如 name@example.com</td>',
    '<td>3</td><td><code>phone</code> 手机</td><td>须为中国大陆手机号：以 13–19 开头的 11 位数字</td>',
    `<td>4</td><td><code>site_code</code> 网点代码</td><td>须为本活动的网点之一（${sites}）</td>`,
    '<td>5</td><td><code>site_code</code> 网点代码</td><td>必填</td>',
    '<td>6</td><td><code>email</code> 邮箱</td><td>邮箱和手机至少填写一项</td>',
    '<td>7</td><td><code>service_date</code> 服务日期</td><td>不能晚于今天</td>',
    '<td>8</td><td><code>service_date</code> 服务日期</td><td>须为日期，格式 YYYY-MM-DD</td>',
    '<td>9</td><td><code>name</code> 姓名</td><td>须为不超过 100 个字符的文本</td>',
    '<td>9</td><td><code>case_id</code> 工单号</td><td>须为不超过 64 个字符的文本</td>',
  ])
    expect(zh).toContain(cell);
  expect(zh).not.toMatch(/must |is required/);
  const en = (await fixture.admin.get(`${page}?lang=en`).expect(200)).text;
  expect(en).toContain(`<td>4</td><td><code>site_code</code> Site code</td><td>must be a site of this campaign (${sites})</td>`);
  expect(en).toContain('<td>9</td><td><code>name</code> Name</td><td>must be at most 100 characters of text</td>');

  const noColumns = await fixture.admin
    .post(`/upload/campaigns/${campaign._id}/recipients`)
    .field('_csrf', csrf)
    .attach('file', Buffer.from('name\n张三\n'), 'cols.csv');
  // ?lang sticks to the session: back to Chinese for the rest.
  const header = (await fixture.admin.get(`${noColumns.headers.location!}?lang=zh-CN`).expect(200)).text;
  expect(header).toContain('<td>1</td><td><code>header</code> 列名行</td><td>缺少 site_code（网点代码）列</td>');
  expect(header).toContain('<td>1</td><td><code>header</code> 列名行</td><td>缺少 email（邮箱）或 phone（手机）列</td>');
  const empty = await fixture.admin.post(`/upload/campaigns/${campaign._id}/recipients`).field('_csrf', csrf).attach('file', Buffer.from('\n'), 'empty.csv');
  expect(empty.status).toBe(303);
  expect((await fixture.admin.get(empty.headers.location!).expect(200)).text).toContain(
    '<td>1</td><td><code>file</code> 文件</td><td>文件为空：需要一行列名和至少一位收件人</td>',
  );
});

test('the API adds recipients, answering every row error at once and storing nothing on error', async () => {
  const { campaign } = await buildCampaign(fixture.tenant);
  const bad = await fixture.admin.post(`/api/v1/campaigns/${campaign._id}/recipients`).send([
    { email: 'ok@example.com', siteCode: 'S1' },
    { email: 'nope', siteCode: 'S9' },
  ]);
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: 'invalid_rows', field: 'recipients.1.siteCode' });
  expect(bad.body.import.errors.map((e: { field: string }) => e.field)).toEqual(['recipients.1.siteCode', 'recipients.1.email']);
  // API clients keep the English rules, and get a stable code beside them.
  expect(bad.body.error.message).toContain('must be a site of this campaign');
  expect(bad.body.import.errors[1]).toMatchObject({ rule: 'must be an email address such as name@example.com', code: 'email' });
  const shape = await fixture.admin.post(`/api/v1/campaigns/${campaign._id}/recipients`).send([{ email: 'ok@example.com', site: 'S1' }]);
  expect(shape.status).toBe(400);
  expect(shape.body.error.field).toBe('0.site');
  expect(await fixture.world.store.collection('recipients').count({ campaignId: campaign._id })).toBe(2);
  const ok = await fixture.admin.post(`/api/v1/campaigns/${campaign._id}/recipients`).send([{ email: 'ok@example.com', siteCode: 'S1', caseId: 'Z1' }]);
  expect(ok.status).toBe(201);
  expect(ok.body.import).toMatchObject({ state: 'done', inserted: 1 });
  const read = await fixture.admin.get(`/api/v1/campaigns/${campaign._id}`);
  expect(read.body.status.total).toMatchObject({ recipients: 3, invited: 0, responded: 0 });
});

test('exports SMS lines with phone, text and link without changing anything; marking them invited is its own POST', async () => {
  const { campaign } = await buildCampaign(fixture.tenant, {
    recipients: [
      { phone: '13912345678', siteCode: 'S1', caseId: 'SMS-1' },
      { email: 'mail@example.com', siteCode: 'S1' },
    ],
  });
  const res = await fixture.admin
    .get(`/campaigns/${campaign._id}/sms.csv`)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
    });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('text/csv');
  const lines = (res.body as string).split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('\uFEFFphone,message,link,unsubscribe_link,site_code,case_id');
  expect(lines).toHaveLength(2);
  const [recipient] = await fixture.world.store.collection<Recipient>('recipients').find({ campaignId: campaign._id, phone: '13912345678' });
  expect(lines[1]).toMatch(
    new RegExp(
      `^13912345678,【Enterprise [^,]+】您好.*/s/${recipient!.token}.*,http://[^,]+/s/${recipient!.token},http://[^,]+/u/${recipient!.token},S1,SMS-1$`,
    ),
  );
  // A GET changes no state: downloading (or a prefetch of the link) invites nobody.
  expect((await fixture.world.store.collection<Recipient>('recipients').findOne({ _id: recipient!._id }))!.invitedAt).toBeUndefined();
  expect((await fixture.admin.get(`/api/v1/campaigns/${campaign._id}`)).body.status.total.invited).toBe(0);

  const marked = await fixture.admin.post(`/api/v1/campaigns/${campaign._id}/sms-invited`).send({});
  expect(marked.status).toBe(200);
  expect(marked.body.marked).toBe(1);
  expect(await fixture.world.store.collection<Recipient>('recipients').findOne({ _id: recipient!._id })).toMatchObject({ invitedVia: 'sms' });
  expect((await fixture.admin.get(`/api/v1/campaigns/${campaign._id}`)).body.status.total.invited).toBe(1);
  // Marking again marks nobody twice.
  expect((await fixture.admin.post(`/api/v1/campaigns/${campaign._id}/sms-invited`).send({})).body.marked).toBe(0);
  expect(await fixture.world.store.collection('auditLog').count({ action: 'campaign.markSmsInvited', entityId: campaign._id })).toBe(2);
  // The campaign page offers the POST as a button, with the CSRF token.
  expect((await fixture.admin.get(`/campaigns/${campaign._id}`)).text).toMatch(/<form method="post" action="\/campaigns\/[^"]+\/sms-invited"/);
});

test('serves each site link as PNG and SVG QR codes and a bilingual A4 poster', async () => {
  const { campaign, siteLinks } = await buildCampaign(fixture.tenant);
  const site = fixture.tenant.sites[0]!;
  const link = siteLinks.find((l) => l.siteId === site._id)!;
  const png = await fixture.admin.get(`/campaigns/${campaign._id}/sites/${site._id}/qr.png`);
  expect(png.headers['content-type']).toBe('image/png');
  expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
  const svg = await fixture.admin.get(`/campaigns/${campaign._id}/sites/${site._id}/qr.svg`);
  expect(svg.headers['content-type']).toContain('image/svg+xml');
  expect(String(svg.body)).toContain('<svg');
  const poster = await fixture.admin.get(`/campaigns/${campaign._id}/sites/${site._id}/poster`);
  expect(poster.text).toContain('扫码评价我们的服务');
  expect(poster.text).toContain('Scan to rate our service');
  expect(poster.text).toContain(`/f/${link._id}`);
  expect(poster.text).toContain('<svg');
  // No PUBLIC_URL here: the fixture.admin is told, on screen, before printing a code customers could not open.
  expect(poster.text).toMatch(/<p class="p-warn" role="alert">未设置 PUBLIC_URL：二维码指向 http:\/\/127\.0\.0\.1:\d+\/f\//);
});

test('with PUBLIC_URL set the poster points there and warns of nothing', async () => {
  const publicWorld = await buildWorld({ PUBLIC_URL: 'http://survey.example.com' }); // http: an https URL would make the session cookie Secure, which supertest over http does not send;
  try {
    const other = await buildTenant(publicWorld.store);
    const { campaign, siteLinks } = await buildCampaign(other);
    const site = other.sites[0]!;
    const link = siteLinks.find((l) => l.siteId === site._id)!;
    const otherAdmin = await loginAgent(publicWorld.app, other.admin.email);
    const poster = await otherAdmin.get(`/campaigns/${campaign._id}/sites/${site._id}/poster`);
    expect(poster.text).toContain(`http://survey.example.com/f/${link._id}`);
    expect(poster.text).not.toContain('p-warn');
  } finally {
    await publicWorld.close();
  }
});

test('an analyst sees the status but cannot upload, export or send', async () => {
  const { campaign } = await buildCampaign(fixture.tenant);
  const analyst = await loginAgent(fixture.world.app, fixture.tenant.users.analyst!.email);
  expect((await analyst.get(`/campaigns/${campaign._id}`)).status).toBe(200);
  expect((await analyst.get(`/campaigns/${campaign._id}`)).text).not.toContain('/sms.csv');
  expect((await analyst.get(`/campaigns/${campaign._id}/sms.csv`)).status).toBe(403);
  expect((await analyst.post(`/api/v1/campaigns/${campaign._id}/invitations`).send({})).status).toBe(403);
  expect((await analyst.post(`/api/v1/campaigns/${campaign._id}/recipients`).send([{ email: 'x@example.com', siteCode: 'S1' }])).status).toBe(403);
  const agent = await loginAgent(fixture.world.app, fixture.tenant.users.agent!.email);
  expect((await agent.get(`/campaigns/${campaign._id}`)).status).toBe(403);
});
