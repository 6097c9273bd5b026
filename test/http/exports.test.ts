/**
 * Exports: responses and scores as CSV and XLSX with the dashboard's filters,
 * streamed (chunked, no Content-Length), phone numbers masked, read back with
 * a CSV parser and with exceljs.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { getScores } from '../../server/services/scores/query';
import { maskPhones } from '../../server/services/exports/mask';
import { publishAll, seedResponses, submit, type Published } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';
import { HEAVY_MS } from '../helpers/timeouts';

let world: World;
let tenant: Tenant;
let published: Published;
let phoneResponseId: string;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  published = await publishAll(tenant);
  await seedResponses(tenant, published, 4);
  const { response } = await submit(tenant, published, 'survey', 1, surveyAnswers({ comment: '请打 138-1234-5678 或 +86 139 8765 4321，=HYPERLINK("x")' }));
  phoneResponseId = response._id;
  await submit(tenant, published, 'survey', 0, surveyAnswers(), new Date(Date.now() - 400 * 86_400_000).toISOString());
}, HEAVY_MS);
afterAll(() => world.close());

/** Collects a binary body (supertest buffers text only). */
function binary(res: Response, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

test('phone-like runs keep their first 3 and last 4 digits; dates, ids and small numbers stay', () => {
  expect(maskPhones('请回电13812345678谢谢')).toBe('请回电138****5678谢谢');
  expect(maskPhones('010-12345678')).toBe('010****5678');
  expect(maskPhones('2025-03-01 等了 15 分钟，12:30 到店')).toBe('2025-03-01 等了 15 分钟，12:30 到店');
  expect(maskPhones('1234567')).toBe('***4567');
  expect(maskPhones('visit:3f2a1b4c-1234-5678-9abc-def012345678:v1', 'reference')).toBe('visit:3f2a1b4c-1234-5678-9abc-def012345678:v1');
});

test('responses as CSV: streamed, one row per counted response in the period, phones masked, formulas defused', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await agent.get('/api/v1/exports/responses?format=csv').expect(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="responses-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"$/);
  expect(res.headers['transfer-encoding']).toBe('chunked');
  expect(res.headers['content-length']).toBeUndefined();
  expect(res.text.startsWith('\ufeff')).toBe(true);
  const rows = parseCsv(res.text.slice(1), { columns: true }) as Record<string, string>[];
  const scores = await getScores(tenant.ctx, {});
  expect(rows).toHaveLength(scores.channels.survey.responses + scores.channels.call.responses + scores.channels.mystery.responses);
  expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['survey', 'call', 'mystery']));
  const withPhone = rows.find((r) => r.response_id === phoneResponseId)!;
  expect(withPhone['q.comment']).toBe('请打 138****5678 或 +861******4321，=HYPERLINK("x")');
  expect(res.text).not.toMatch(/1234-5678|8765 4321/);
  expect(withPhone.site_code).toBe(tenant.sites[1].code);
  expect(Object.keys(withPhone)).toEqual(expect.arrayContaining(['q.overall_satisfaction', 'q.sign_visible', 'q.technician_attitude', 'overall_0_100', 'nps_0_10']));
  // Sorted by response time, and the filters apply (site, channel).
  expect(rows.map((r) => r.responded_at)).toEqual([...rows.map((r) => r.responded_at)].sort());
  const filtered = await agent.get(`/api/v1/exports/responses?format=csv&site=${tenant.sites[0].code}&channel=call`).expect(200);
  const callRows = parseCsv(filtered.text.slice(1), { columns: true }) as Record<string, string>[];
  expect(callRows.length).toBe((await getScores(tenant.ctx, { siteId: tenant.sites[0]._id, channel: 'call' })).channels.call.responses);
  expect(callRows.every((r) => r.channel === 'call' && r.site_code === tenant.sites[0].code)).toBe(true);
});

test('a cell that starts like a formula is defused', async () => {
  await submit(tenant, published, 'survey', 0, surveyAnswers({ comment: '=1+2' }));
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await agent.get('/api/v1/exports/responses?format=csv').expect(200);
  const rows = parseCsv(res.text.slice(1), { columns: true }) as Record<string, string>[];
  expect(rows.some((r) => r['q.comment'] === "'=1+2")).toBe(true);
});

test('responses as XLSX read back with exceljs: same rows, phones masked', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const csv = parseCsv((await agent.get('/api/v1/exports/responses?format=csv')).text.slice(1), { columns: true }) as Record<string, string>[];
  const res = await agent.get('/api/v1/exports/responses?format=xlsx').buffer(true).parse(binary).expect(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['transfer-encoding']).toBe('chunked');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body as never);
  const sheet = workbook.getWorksheet('responses')!;
  expect(sheet.rowCount).toBe(csv.length + 1);
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const idCol = header.indexOf('response_id') + 1;
  const commentCol = header.indexOf('q.comment') + 1;
  const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(idCol).value === phoneResponseId)!;
  expect(row.getCell(commentCol).value).toBe('请打 138****5678 或 +861******4321，=HYPERLINK("x")');
  expect(typeof row.getCell(header.indexOf('overall_0_100') + 1).value).toBe('number');
});

test('scores as CSV and XLSX equal getScores', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await agent.get('/api/v1/exports/scores?format=csv&period=quarter').expect(200);
  const rows = parseCsv(res.text.slice(1), { columns: true }) as Record<string, string>[];
  const scores = await getScores(tenant.ctx, { period: 'quarter' });
  const cpsq = rows.find((r) => r.scope === 'enterprise' && r.kind === 'cpsq')!;
  expect(Number(cpsq.score)).toBeCloseTo(scores.cpsq.score!, 9);
  expect(Number(cpsq.ci_low)).toBeCloseTo(scores.cpsq.ci![0], 9);
  const site = await getScores(tenant.ctx, { period: 'quarter', siteId: tenant.sites[1]._id });
  const ind = rows.find((r) => r.scope === tenant.sites[1].code && r.code === 'internal.rules.norms')!;
  expect(Number(ind.score)).toBeCloseTo(site.perceived['internal.rules.norms'].score!, 9);
  expect(rows.filter((r) => r.scope === 'enterprise')).toHaveLength(1 + 3 + 4 + 8 + 27);

  const xlsx = await agent.get('/api/v1/exports/scores?format=xlsx&period=quarter').buffer(true).parse(binary).expect(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.body as never);
  expect(workbook.getWorksheet('scores')!.rowCount).toBe(rows.length + 1);
});

test('bad export parameters are a 400 naming the field, before any byte of a file', async () => {
  const agent = await loginAgent(world.app, tenant.users.analyst!.email);
  for (const [query, field] of [['format=pdf', 'format'], ['', 'format'], ['format=csv&channel=fax', 'channel'], ['format=csv&site=ZZ', 'site']]) {
    const res = await agent.get(`/api/v1/exports/responses?${query}`).expect(400);
    expect(res.body.error.field).toBe(field);
    expect(res.headers['content-disposition']).toBeUndefined();
  }
  const shopper = await loginAgent(world.app, tenant.users.shopper!.email);
  await shopper.get('/api/v1/exports/responses?format=csv').expect(403);
});
