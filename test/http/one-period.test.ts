/**
 * One day, one enterprise, one period, one CPSQ: the dashboard (page and JSON),
 * /audits, the report (with and without the audit planned for today), the
 * scores API and the scores export all cover the same last 12 months and show
 * the same CPSQ under the one display rule. The clock is fixed at 01:00 on
 * 2026-12-07 China time, which is still 2026-12-06 in UTC, so a window taken
 * from the UTC date instead of the enterprise's would show here.
 */
import { actorOf } from '../../server/services/accounts/users';
import { createAudit } from '../../server/services/audits/audits';
import { tenantContext } from '../../server/services/context';
import { lastTwelveMonths } from '../../server/services/periods';
import { scoreText } from '../../server/http/figures';
import { publishAll, seedResponses } from '../helpers/dashboard';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

// Only Date is fixed (and then runs on with real time); timers and I/O stay real so the server works.
const NOW = new Date('2026-12-06T17:00:00Z');
const TODAY = '2026-12-07';
const EXPECTED = { from: '2025-12-08', to: TODAY };

let world: World;
let a: Tenant;

beforeAll(async () => {
  jest.useFakeTimers({
    now: NOW,
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  world = await buildWorld();
  a = await buildTenant(world.store);
  await seedResponses(a, await publishAll(a), 6);
}, 120_000);
afterAll(async () => {
  await world.close();
  jest.useRealTimers();
});

const csvRows = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));

test('the last 12 months end today in the enterprise time zone and start the day after the same date a year earlier', () => {
  expect(lastTwelveMonths(TODAY)).toEqual(EXPECTED);
  // Across 29 February the window is 366 days, never 13 months or 11.
  expect(lastTwelveMonths('2028-03-01')).toEqual({ from: '2027-03-02', to: '2028-03-01' });
});

test('on one day the dashboard, /audits, the report, the scores API and the export show the same period and the same CPSQ', async () => {
  const analyst = await loginAgent(world.app, a.users.analyst!.email);
  const auditor = await loginAgent(world.app, a.users.auditor!.email);

  const api = (await analyst.get('/api/v1/scores').expect(200)).body;
  expect(api.scope).toMatchObject(EXPECTED);
  const cpsq: number = api.cpsq.score;
  expect(typeof cpsq).toBe('number');
  const shown = scoreText(cpsq);
  expect(shown).toMatch(/^\d+\.\d$/);

  const overview = (await analyst.get('/api/v1/dashboard/overview').expect(200)).body;
  expect({ from: overview.from, to: overview.to }).toEqual(EXPECTED);
  // The API keeps full precision; only pages round.
  expect(overview.cpsq.score).toBe(cpsq);

  const dashboard = (await analyst.get('/dashboard?lang=zh-CN').expect(200)).text;
  expect(dashboard).toContain(`统计区间 ${EXPECTED.from} 至 ${EXPECTED.to}`);
  expect(dashboard).toContain(`data-figure="cpsq.score">${shown}</text>`);
  expect(dashboard).toContain('「近 12 个月」指截至当日（含当日）的 12 个月');

  const audits = (await auditor.get('/audits?lang=zh-CN').expect(200)).text;
  expect(audits).toContain(`近 12 个月（${EXPECTED.from} 至 ${EXPECTED.to}）`);
  expect(audits).toContain(`CPSQ ${shown}（95% 置信区间`);

  const report = (await analyst.get('/reports/audit?lang=zh-CN').expect(200)).text;
  expect(report).toContain(`顾客数据区间 ${EXPECTED.from} 至 ${EXPECTED.to}`);
  expect(report).toMatch(new RegExp(`CPSQ<b>${shown.replace('.', '\\.')}</b>`));

  // An audit planned for today takes the same window as its evidence, so its report agrees too.
  const audit = await createAudit(tenantContext(world.store, actorOf(a.users.auditor!)), { kind: 'stage1', plannedDate: TODAY });
  expect({ from: audit.evidenceFrom, to: audit.evidenceTo }).toEqual(EXPECTED);
  const auditReport = (await analyst.get(`/reports/audit?lang=zh-CN&audit=${audit._id}`).expect(200)).text;
  expect(auditReport).toContain(`顾客数据区间 ${EXPECTED.from} 至 ${EXPECTED.to}`);
  expect(auditReport).toMatch(new RegExp(`CPSQ<b>${shown.replace('.', '\\.')}</b>`));

  // The export's first header row is labels in the reader's language, the second the column codes.
  const [, codes, ...rows] = csvRows((await analyst.get('/api/v1/exports/scores?format=csv&language=zh-CN').expect(200)).text);
  const col = (name: string) => codes!.indexOf(name);
  const enterpriseCpsq = rows.find((r) => r[col('scope')] === '全企业' && r[col('code')] === 'CPSQ')!;
  expect({ from: enterpriseCpsq[col('from')], to: enterpriseCpsq[col('to')] }).toEqual(EXPECTED);
  expect(Number(enterpriseCpsq[col('score')])).toBe(Number(shown));
  expect(Number(enterpriseCpsq[col('score_exact')])).toBeCloseTo(cpsq, 9);
});

test('the headline never shows the projected star alone: the gate verdict stands beside it on the dashboard and the report', async () => {
  const analyst = await loginAgent(world.app, a.users.analyst!.email);
  const overview = (await analyst.get('/api/v1/dashboard/overview').expect(200)).body;
  expect(overview.projection.level).toBeTruthy();
  const verdict = overview.gate.passed ? 'CPSQ 门槛已达' : 'CPSQ 门槛未达，二阶段审核不能开始';
  const level = { none: '未达标', compliant: '达标级', three: '三星级', four: '四星级', five: '五星级' }[overview.projection.level as string];
  const headline = `预计${level} · ${verdict}`;
  expect((await analyst.get('/dashboard?lang=zh-CN').expect(200)).text).toContain(headline);
  expect((await analyst.get('/reports/audit?lang=zh-CN').expect(200)).text).toContain(headline);
  const english = (await analyst.get('/dashboard?lang=en').expect(200)).text;
  expect(english).toContain(overview.gate.passed ? 'CPSQ gate met' : 'CPSQ gate not met: the stage-2 audit cannot start');
});
