/**
 * Exports for Excel users: responses and scores as CSV and XLSX with the
 * dashboard's filters, streamed (chunked, no Content-Length), headed by the
 * question prompts in the chosen language with the codes beside them, times
 * at the enterprise's wall clock (real dates in XLSX), scores cut by the
 * display rule with full precision in their own column, channel and answer
 * labels in words, phone numbers masked; read back with a CSV parser and with
 * exceljs.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { cutNumber } from '../../server/services/displayRule';
import { maskPhones } from '../../server/services/exports/mask';
import { getScores } from '../../server/services/scores/query';
import { publishAll, seedResponses, submit, type Published } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { HEAVY_MS } from '../helpers/timeouts';
import { binary, readXlsx, sheetRows } from '../helpers/xlsx';
import { insertUser } from '../../server/services/accounts/users';
import { buildTenant, buildWorld, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';
import { addDays, DAY_MS } from '../../server/services/calendar';

let world: World;
let tenant: Tenant;
let published: Published;
let phoneResponseId: string;
/** A response at a known instant: 2 days ago at 22:45:30 UTC, i.e. 06:45:30 the next day in China (UTC+8). */
let lateResponse: { id: string; utc: string; local: string };

const SURVEY_OVERALL = '总体来说，您对我们的售后服务满意吗？';
const SURVEY_OVERALL_EN = 'Overall, how satisfied are you with our after-sales service?';

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  published = await publishAll(tenant);
  await seedResponses(tenant, published, 4);
  const { response } = await submit(tenant, published, 'survey', 1, surveyAnswers({ comment: '请打 138-1234-5678 或 +86 139 8765 4321，=HYPERLINK("x")' }));
  phoneResponseId = response._id;
  const day = new Date(Date.now() - 2 * DAY_MS).toISOString().slice(0, 10);
  const utc = `${day}T22:45:30.000Z`;
  const late = await submit(tenant, published, 'survey', 0, surveyAnswers({ problem_solved: 'partly', overall_satisfaction: 5 }), utc);
  const next = addDays(day, 1);
  lateResponse = { id: late.response._id, utc, local: `${next} 06:45:30` };
  await submit(tenant, published, 'survey', 0, surveyAnswers(), new Date(Date.now() - 400 * DAY_MS).toISOString());
}, HEAVY_MS);
afterAll(() => world.close());

/** A CSV export as its two header rows and its rows keyed by code. */
function readCsv(text: string) {
  expect(text.startsWith('\ufeff')).toBe(true);
  const [labels, codes, ...data] = parseCsv(text.slice(1)) as string[][];
  const rows = data.map((cells) => Object.fromEntries(codes!.map((code, i) => [code, cells[i]!])));
  return { labels: labels!, codes: codes!, rows };
}

async function responsesPerChannel() {
  const scores = await getScores(tenant.ctx, {});
  return { survey: scores.channels.survey.responses, call: scores.channels.call.responses, mystery: scores.channels.mystery.responses };
}

test('phone-like runs keep their first 3 and last 4 digits; dates, ids and small numbers stay', () => {
  expect(maskPhones('请回电13812345678谢谢')).toBe('请回电138****5678谢谢');
  expect(maskPhones('010-12345678')).toBe('010****5678');
  expect(maskPhones('2025-03-01 等了 15 分钟，12:30 到店')).toBe('2025-03-01 等了 15 分钟，12:30 到店');
  expect(maskPhones('1234567')).toBe('***4567');
  expect(maskPhones('visit:3f2a1b4c-1234-5678-9abc-def012345678:v1', 'reference')).toBe('visit:3f2a1b4c-1234-5678-9abc-def012345678:v1');
});

test('responses as CSV in Chinese: BOM, prompts then codes as headers, China time, Chinese labels, cut scores beside full precision', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await agent.get('/api/v1/exports/responses?format=csv&language=zh-CN').expect(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="responses-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"$/);
  expect(res.headers['transfer-encoding']).toBe('chunked');
  expect(res.headers['content-length']).toBeUndefined();
  const { labels, codes, rows } = readCsv(res.text);
  expect(labels[codes.indexOf('q.overall_satisfaction')]).toBe(SURVEY_OVERALL);
  expect(labels[codes.indexOf('responded_at')]).toBe('回复时间（UTC+8）');
  expect(labels[codes.indexOf('channel')]).toBe('渠道');
  // Every counted response in the period once, in response-time order.
  const counts = await responsesPerChannel();
  expect(rows).toHaveLength(counts.survey + counts.call + counts.mystery);
  expect(rows.map((r) => r.responded_at)).toEqual([...rows.map((r) => r.responded_at!)].sort());
  expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['满意度调查', '电话回访', '神秘顾客暗访']));
  // Enterprise-local time: 22:45:30Z is 06:45:30 the next day in China.
  const late = rows.find((r) => r.response_id === lateResponse.id)!;
  expect(late.responded_at).toBe(lateResponse.local);
  expect(late['q.problem_solved']).toBe('部分解决');
  expect(late['q.raised_complaint']).toBe('否');
  expect(late.source).toBe('接口');
  // The display rule (one decimal, cut) beside the full precision.
  for (const r of rows.filter((row) => row.overall_0_100)) {
    expect(r.overall_0_100).toMatch(/^\d+(\.\d)?$/);
    expect(Number(r.overall_0_100)).toBe(cutNumber(Number(r.overall_0_100_exact)));
  }
  // A call's checklist answer, and a visit's, in words.
  const call = rows.find((r) => r.channel === '电话回访')!;
  expect(['是', '否', '不适用']).toContain(call['q.service_completed']);
  const visit = rows.find((r) => r.channel === '神秘顾客暗访')!;
  expect(['是', '否', '不适用']).toContain(visit['q.sign_visible']);
  expect(['是', '否']).toContain(visit.visit_failed);
  // No English codes among the values of a Chinese export.
  const values = rows.flatMap((r) => [r.channel, r.source, r['q.problem_solved'], r['q.service_completed'], r['q.sign_visible'], r.csat_satisfied]);
  for (const code of ['survey', 'call', 'mystery', 'yes', 'no', 'na', 'partly', 'api', 'true', 'false']) expect(values).not.toContain(code);
  // Phones masked, formulas defused.
  const withPhone = rows.find((r) => r.response_id === phoneResponseId)!;
  expect(withPhone['q.comment']).toBe('请打 138****5678 或 +861******4321，=HYPERLINK("x")');
  expect(res.text).not.toMatch(/1234-5678|8765 4321/);
  expect(withPhone.site_code).toBe(tenant.sites[1].code);
});

test('responses as CSV in English: English prompts and labels, and the reader’s page language stays as it was', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await agent.get('/api/v1/exports/responses?format=csv&language=en').expect(200);
  expect(res.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^lang=/)]));
  const { labels, codes, rows } = readCsv(res.text);
  expect(labels[codes.indexOf('q.overall_satisfaction')]).toBe(SURVEY_OVERALL_EN);
  expect(labels[codes.indexOf('responded_at')]).toBe('Responded at (UTC+8)');
  expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['Satisfaction survey', 'Follow-up call', 'Mystery visit']));
  const late = rows.find((r) => r.response_id === lateResponse.id)!;
  expect(late['q.problem_solved']).toBe('Partly solved');
  expect(late.responded_at).toBe(lateResponse.local);
  // Without `language`, the reader's language decides.
  const english = await agent.get('/api/v1/exports/responses?format=csv').set('Accept-Language', 'en-GB').expect(200);
  expect(readCsv(english.text).labels).toContain(SURVEY_OVERALL_EN);
});

test('the CSV keeps the filters: one site, one channel, that channel’s questions only', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await agent.get(`/api/v1/exports/responses?format=csv&language=zh-CN&site=${tenant.sites[0].code}&channel=call`).expect(200);
  const { codes, rows } = readCsv(res.text);
  expect(rows.length).toBe((await getScores(tenant.ctx, { siteId: tenant.sites[0]._id, channel: 'call' })).channels.call.responses);
  expect(rows.every((r) => r.site_code === tenant.sites[0].code)).toBe(true);
  expect(codes).toContain('q.service_completed');
  expect(codes).not.toContain('q.sign_visible');
  expect(codes).not.toContain('channel');
});

test('a cell that starts like a formula is defused in CSV', async () => {
  await submit(tenant, published, 'survey', 0, surveyAnswers({ comment: '=1+2' }));
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const { rows } = readCsv((await agent.get('/api/v1/exports/responses?format=csv').expect(200)).text);
  expect(rows.some((r) => r['q.comment'] === "'=1+2")).toBe(true);
});

test('responses as XLSX in Chinese: one sheet per channel and a codebook, prompts as headers, China time as real dates', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await agent.get('/api/v1/exports/responses?format=xlsx&language=zh-CN').buffer(true).parse(binary).expect(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['transfer-encoding']).toBe('chunked');
  const workbook = await readXlsx(res.body as Buffer);
  expect(workbook.worksheets.map((s) => s.name)).toEqual(['满意度调查', '电话回访', '神秘顾客暗访', '编码表']);

  const counts = await responsesPerChannel();
  const survey = sheetRows(workbook.getWorksheet('满意度调查')!);
  expect(survey).toHaveLength(counts.survey);
  expect(sheetRows(workbook.getWorksheet('电话回访')!)).toHaveLength(counts.call);
  const visits = sheetRows(workbook.getWorksheet('神秘顾客暗访')!);
  expect(visits).toHaveLength(counts.mystery);
  expect(Object.keys(visits[0]!)).toContain('从街面或商场通道能清楚看到网点标识。');
  expect(Object.keys(survey[0]!)).not.toContain('从街面或商场通道能清楚看到网点标识。');

  const late = survey.find((r) => r['回复编号'] === lateResponse.id)!;
  const at = late['回复时间（UTC+8）'];
  // A real date whose calendar fields are China's wall clock (spreadsheets have no time zones).
  expect(at).toBeInstanceOf(Date);
  expect((at as Date).toISOString().slice(0, 19).replace('T', ' ')).toBe(lateResponse.local);
  const sheet = workbook.getWorksheet('满意度调查')!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  expect(sheet.getRow(2).getCell(header.indexOf('回复时间（UTC+8）') + 1).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
  expect(late[SURVEY_OVERALL]).toBe(5);
  expect(late['您的问题解决了吗？']).toBe('部分解决');
  expect(late['总体满意度（0–100）']).toBe(cutNumber(late['总体满意度（0–100，完整精度）'] as number));
  const withPhone = survey.find((r) => r['回复编号'] === phoneResponseId)!;
  expect(withPhone['还有什么想告诉我们的吗？哪些地方我们可以做得更好？']).toBe('请打 138****5678 或 +861******4321，=HYPERLINK("x")');

  const codebook = sheetRows(workbook.getWorksheet('编码表')!);
  const overall = codebook.find((r) => r['工作表'] === '满意度调查' && r['代码'] === 'q.overall_satisfaction')!;
  expect(overall).toMatchObject({ 列名: SURVEY_OVERALL, 题型: '评分（5 级）', 指标代码: 'followup.customers.relationship', 权重: 1, 用途: '总体满意度' });
  expect(typeof overall['指标']).toBe('string');
  const solved = codebook.find((r) => r['工作表'] === '满意度调查' && r['代码'] === 'q.problem_solved')!;
  expect(solved).toMatchObject({ 题型: '单选', 选项: 'yes = 完全解决; partly = 部分解决; no = 没有解决', 权重: 2 });
  const checklist = codebook.find((r) => r['工作表'] === '电话回访' && r['代码'] === 'q.service_completed')!;
  expect(checklist).toMatchObject({ 题型: '检查项', 选项: 'yes = 是; no = 否; na = 不适用' });
  expect(codebook.find((r) => r['代码'] === 'responded_at')).toMatchObject({ 列名: '回复时间（UTC+8）', 题型: '固定列' });
});

test('responses as XLSX in English: English sheet names, prompts and codebook', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await agent.get('/api/v1/exports/responses?format=xlsx&language=en').buffer(true).parse(binary).expect(200);
  const workbook = await readXlsx(res.body as Buffer);
  expect(workbook.worksheets.map((s) => s.name)).toEqual(['Satisfaction survey', 'Follow-up call', 'Mystery visit', 'Codebook']);
  const late = sheetRows(workbook.getWorksheet('Satisfaction survey')!).find((r) => r['Response ID'] === lateResponse.id)!;
  expect(late[SURVEY_OVERALL_EN]).toBe(5);
  expect(late['Was your problem solved?']).toBe('Partly solved');
  expect(late['Satisfied (overall rating 4–5)']).toBe('Yes');
  expect(late['Responded at (UTC+8)']).toBeInstanceOf(Date);
  const codebook = sheetRows(workbook.getWorksheet('Codebook')!);
  expect(codebook.find((r) => r.Code === 'q.service_completed' && r.Sheet === 'Follow-up call')).toMatchObject({
    Type: 'Checklist item',
    Options: 'yes = Yes; no = No; na = N/A',
  });
});

test('scores as CSV and XLSX: labelled, cut by the display rule beside the full precision of getScores', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await agent.get('/api/v1/exports/scores?format=csv&period=quarter&language=zh-CN').expect(200);
  const { labels, codes, rows } = readCsv(res.text);
  expect(labels[codes.indexOf('score')]).toBe('得分');
  const scores = await getScores(tenant.ctx, { period: 'quarter' });
  const cpsq = rows.find((r) => r.scope === '全企业' && r.code === 'CPSQ')!;
  expect(cpsq.kind).toBe('顾客感知服务质量指数');
  expect(cpsq.from).toBe(scores.scope.from);
  expect(Number(cpsq.score)).toBe(cutNumber(scores.cpsq.score));
  expect(Number(cpsq.score_exact)).toBeCloseTo(scores.cpsq.score!, 9);
  expect(Number(cpsq.ci_low)).toBe(cutNumber(scores.cpsq.ci![0]));
  expect(rows.filter((r) => r.scope === '全企业' && r.kind === '渠道').map((r) => r.name)).toEqual(['满意度调查', '电话回访', '神秘顾客暗访']);
  const site = await getScores(tenant.ctx, { period: 'quarter', siteId: tenant.sites[1]._id });
  const ind = rows.find((r) => r.scope === tenant.sites[1].code && r.code === 'internal.rules.norms')!;
  expect(Number(ind.score_exact)).toBeCloseTo(site.perceived['internal.rules.norms'].score!, 9);
  expect(rows.filter((r) => r.scope === '全企业')).toHaveLength(1 + 3 + 4 + 8 + 27);

  const xlsx = await agent.get('/api/v1/exports/scores?format=xlsx&period=quarter&language=zh-CN').buffer(true).parse(binary).expect(200);
  const workbook = await readXlsx(xlsx.body as Buffer);
  expect(workbook.worksheets.map((s) => s.name)).toEqual(['得分', '满意度调查', '电话回访', '神秘顾客暗访', '编码表']);
  const summary = sheetRows(workbook.getWorksheet('得分')!);
  expect(summary).toHaveLength(rows.length);
  expect(summary[0]!['起始日']).toBeInstanceOf(Date);
  const callNorms = sheetRows(workbook.getWorksheet('电话回访')!).find((r) => r['范围'] === '全企业' && r['代码'] === 'internal.rules.norms')!;
  expect(callNorms['得分（完整精度）']).toBeCloseTo(scores.channels.call.indicators['internal.rules.norms']!.score!, 9);
  expect(sheetRows(workbook.getWorksheet('编码表')!).find((r) => r['代码'] === 'internal.rules.norms')).toMatchObject({ 类别: '指标' });
});

test('a site-limited user’s XLSX holds their site’s rows only', async () => {
  const email = `site-manager-${tenant.enterpriseId}@test.local`;
  await insertUser(world.store, {
    enterpriseId: tenant.enterpriseId,
    email,
    name: 'Site manager',
    role: 'siteManager',
    password: PASSWORD,
    siteIds: [tenant.sites[0]._id],
  });
  const manager = await loginAgent(world.app, email);
  const workbook = await readXlsx(
    (await manager.get('/api/v1/exports/responses?format=xlsx&language=zh-CN').buffer(true).parse(binary).expect(200)).body as Buffer,
  );
  const rows = ['满意度调查', '电话回访', '神秘顾客暗访'].flatMap((name) => sheetRows(workbook.getWorksheet(name)!));
  expect(rows.length).toBeGreaterThan(0);
  expect(new Set(rows.map((r) => r['网点代码']))).toEqual(new Set([tenant.sites[0].code]));
  expect(rows.map((r) => r['回复编号'])).not.toContain(phoneResponseId);
  const scores = readCsv((await manager.get('/api/v1/exports/scores?format=csv').expect(200)).text);
  expect(scores.rows.some((r) => r.scope === tenant.sites[1].code)).toBe(false);
});

test('bad export parameters are a 400 naming the field, before any byte of a file', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  for (const [query, field] of [
    ['format=pdf', 'format'],
    ['', 'format'],
    ['format=csv&channel=fax', 'channel'],
    ['format=csv&site=ZZ', 'site'],
    ['format=xlsx&language=fr', 'language'],
  ]) {
    const res = await agent.get(`/api/v1/exports/responses?${query}`).expect(400);
    expect(res.body.error.field).toBe(field);
    expect(res.headers['content-disposition']).toBeUndefined();
  }
  const shopper = await loginAgent(world.app, tenant.users.shopper!.email);
  await shopper.get('/api/v1/exports/responses?format=csv').expect(403);
});

test('the dashboard offers the export with the filters applied, a format and a language to choose', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  for (const [lang, responses, chosen] of [
    ['zh-CN', '导出回复明细', 'zh-CN'],
    ['en', 'Export responses', 'en'],
  ] as const) {
    const page = (await agent.get(`/dashboard?period=quarter&site=${tenant.sites[0].code}&lang=${lang}`).expect(200)).text;
    const form = page.slice(page.indexOf('<form method="get" class="export-form"'), page.indexOf('</form>', page.indexOf('class="export-form"')));
    expect(form).toContain('<input type="hidden" name="period" value="quarter">');
    expect(form).toContain(`<input type="hidden" name="site" value="${tenant.sites[0].code}">`);
    expect(form).toMatch(/<select name="format"><option value="xlsx">XLSX \(Excel\)<\/option><option value="csv">CSV<\/option><\/select>/);
    expect(form).toContain(`<option value="${chosen}" selected`);
    expect(form).toContain(`<button type="submit" formaction="/api/v1/exports/responses">${responses}</button>`);
    expect(form).toContain('formaction="/api/v1/exports/scores"');
  }
  // What the form sends is a valid export.
  const res = await agent.get(`/api/v1/exports/responses?period=quarter&site=${tenant.sites[0].code}&format=csv&language=en`).expect(200);
  expect(readCsv(res.text).rows.every((r) => r.site_code === tenant.sites[0].code)).toBe(true);
});
