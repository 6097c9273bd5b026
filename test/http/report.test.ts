/**
 * The printable audit report and the dashboard beside it, as the reader sees
 * them: audit kind and status in words, the method section in the page's
 * language, the default report's tables from the projection its summary
 * states, distinct marks for "not assessed", "awaiting audit" and "N/A", one
 * customer-data period for the CPSQ and the star projection, and a line saying
 * that the gate does not set the star level.
 */
import { createAudit } from '../../server/services/audits/audits';
import { setEntry } from '../../server/services/audits/entries';
import { auditProjection } from '../../server/services/audits/projection';
import { t } from '../../server/i18n';
import { starHeadline } from '../../server/http/dashboard/helpers';
import { scoreText } from '../../server/http/figures';
import { auditorOf } from '../helpers/audits';
import { publishAll, seedResponses, submit } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';
import { HEAVY_MS } from '../helpers/timeouts';

let world: World;
let audited: Tenant;
let fresh: Tenant;
let auditId: string;
let plannedDate: string;

// Indicators of sbt10401-27 evidenced on site only.
const MET_AT_ONE_SITE = 'internal.culture.philosophy';
const NA_EVERYWHERE = 'internal.culture.strategy';
const NOTHING_RECORDED = 'internal.culture.goals';

beforeAll(async () => {
  world = await buildWorld();
  audited = await buildTenant(world.store);
  fresh = await buildTenant(world.store);
  const published = await publishAll(audited);
  await seedResponses(audited, published, 4);
  // A response today: inside the dashboard's 12 months, outside the evidence period of an audit dated today.
  await submit(audited, published, 'survey', 0, surveyAnswers({ overall_satisfaction: 5, recommend: 10 }));
  await seedResponses(fresh, await publishAll(fresh), 2, 11);

  const auditor = auditorOf(world, audited);
  plannedDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  auditId = (await createAudit(auditor, { kind: 'stage1', plannedDate }))._id;
  const [s1, s2] = audited.sites.map((s) => s._id);
  await setEntry(auditor, auditId, s1, MET_AT_ONE_SITE, { status: 'met' });
  for (const site of [s1, s2]) await setEntry(auditor, auditId, site, NA_EVERYWHERE, { status: 'na', reason: 'no written strategy required for this format' });
}, HEAVY_MS);
afterAll(() => world.close());

/** The visible text of an HTML fragment, tags dropped and spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
const section = (html: string, from: string, to: string) => html.slice(html.indexOf(from), html.indexOf(to, html.indexOf(from)));
/** The table row of an indicator or site, found by its leading code. */
const rowOf = (html: string, code: string) => {
  const m = html.match(new RegExp(`<tr[^>]*><td>${code.replace(/\./g, '\\.')} [\\s\\S]*?</tr>`));
  if (!m) throw new Error(`no row for ${code}`);
  return m[0];
};
const lastCell = (row: string) => text(row.slice(row.lastIndexOf('<td')));

test('an audit is named by its kind and status in the page language, in the header and the link row', async () => {
  const agent = await loginAgent(world.app, audited.users.auditor!.email);
  const zh = (await agent.get(`/reports/audit?audit=${auditId}`).expect(200)).text;
  // Recording entries started the audit.
  expect(text(zh)).toContain(`审核：一阶段审核，日期 ${plannedDate}，状态 进行中`);
  expect(text(zh)).toContain(`一阶段审核 ${plannedDate}（进行中）`);
  expect(text(zh)).not.toMatch(/stage1|inProgress/);
  const en = (await agent.get(`/reports/audit?audit=${auditId}&lang=en`).expect(200)).text;
  expect(text(en)).toContain(`Audit: Stage-1 audit, date ${plannedDate}, status In progress`);
  expect(text(en)).not.toMatch(/\bstage1\b|inProgress/);
});

test('the method section is Chinese in the Chinese report and English in the English one', async () => {
  const agent = await loginAgent(world.app, audited.users.analyst!.email);
  for (const url of ['/reports/audit', `/reports/audit?audit=${auditId}`]) {
    // ?lang= also sets the language cookie, so each request names its language.
    const lang = (l: string) => `${url}${url.includes('?') ? '&' : '?'}lang=${l}`;
    const zh = text(section((await agent.get(lang('zh-CN')).expect(200)).text, '<h2>计算方法', '</article>'));
    expect(zh).toContain('CPSQ = Σ W_c·S(c) / Σ W_c（仅计有数据的渠道）');
    expect(zh).toContain('门槛：以点估计对比目标 80，达到即通过。');
    expect(zh).toContain('星级（含端点）：≥95 五星级');
    expect(zh).toContain('指标分值：指标体系 sbt10401-27');
    for (const english of ['over channels with data', 'Gate:', 'Published:', 'Score =', 'Indicator intervals', 'Customer data from'])
      expect(zh).not.toContain(english);
    const en = text(section((await agent.get(lang('en')).expect(200)).text, '<h2>Methodology', '</article>'));
    expect(en).toContain('CPSQ = Σ W_c·S(c) / Σ W_c over the channels with data');
    expect(en).toContain('Levels (thresholds inclusive): ≥95 five stars');
    // The sources that follow cite the standards by their Chinese titles; the method sentences carry no Chinese.
    expect(en.split('Source:')[0]).not.toMatch(/[\u4e00-\u9fff]/);
  }
});

test('the default report shows the site scores of the audit its summary rests on', async () => {
  const agent = await loginAgent(world.app, audited.users.analyst!.email);
  const overview = (await agent.get('/api/v1/dashboard/overview').expect(200)).body;
  const page = (await agent.get('/reports/audit').expect(200)).text;
  const projection = await auditProjection(audited.ctx, auditId, { from: overview.from, to: overview.to });
  // The star level never alone: the headline carries the gate verdict beside it.
  expect(text(page)).toContain(`${scoreText(projection.enterprise!.score)} ${starHeadline('zh-CN', projection.enterprise!.level, overview.gate.passed)}`);
  const sites = section(page, '<h2>场所', '</table>');
  for (const site of projection.sites) {
    expect(lastCell(rowOf(sites, site.code))).toBe(`${scoreText(site.audit!.score)} · ${t('zh-CN', `dashboard.level.${site.audit!.level}`)}`);
  }
});

test('the points column tells scored, not assessed, N/A and partly assessed apart, with a legend', async () => {
  const agent = await loginAgent(world.app, audited.users.analyst!.email);
  for (const url of ['/reports/audit', `/reports/audit?audit=${auditId}`]) {
    const page = (await agent.get(url).expect(200)).text;
    const table = section(page, '<h2>指标得分表', '<h2>计算方法');
    expect(lastCell(rowOf(table, NA_EVERYWHERE))).toBe('不适用');
    expect(lastCell(rowOf(table, NOTHING_RECORDED))).toBe('未评价');
    // Met at one of two sites: its points, marked as resting partly on a site not yet assessed.
    expect(lastCell(rowOf(table, MET_AT_ONE_SITE))).toMatch(/^\d+\.\d\d †$/);
    expect(rowOf(table, MET_AT_ONE_SITE)).toContain('title="1 个场所尚未评价"');
    const legend = text(table);
    expect(legend).toContain('未评价：适用但尚无现场记录，也无顾客数据，暂按 0 分计入');
    expect(legend).toContain('不适用：审核员已记录不适用并说明理由，不计入分母');
    expect(legend).toContain('†：部分场所尚未评价该指标');
    expect(table).not.toContain('N/A');
  }
});

test('before any audit, on-site indicators read "awaiting audit", not N/A', async () => {
  const agent = await loginAgent(world.app, fresh.users.analyst!.email);
  const table = section((await agent.get('/reports/audit').expect(200)).text, '<h2>指标得分表', '<h2>计算方法');
  expect(lastCell(rowOf(table, NOTHING_RECORDED))).toBe('待审核');
  expect(text(table)).toContain('待审核：尚无审核，只能现场评价的指标暂不计入分母。');
  expect(text(table)).not.toContain('不适用');
  const en = section((await agent.get('/reports/audit?lang=en').expect(200)).text, '<h2>Indicator table', '<h2>Methodology');
  expect(lastCell(rowOf(en, NOTHING_RECORDED))).toBe('awaiting audit');
});

test('the star projection uses the CPSQ’s period, on the dashboard and in the report', async () => {
  const agent = await loginAgent(world.app, audited.users.analyst!.email);
  for (const query of ['', '?period=quarter', `?site=${audited.sites[1].code}`]) {
    const overview = (await agent.get(`/api/v1/dashboard/overview${query}`).expect(200)).body;
    expect(overview.projection.source).toBe('audit');
    expect(overview.projection.period).toEqual({ from: overview.from, to: overview.to });
  }
  const overview = (await agent.get('/api/v1/dashboard/overview').expect(200)).body;
  const scored = await auditProjection(audited.ctx, auditId, { from: overview.from, to: overview.to });
  expect(overview.projection.score).toBeCloseTo(scored.enterprise!.score, 10);
  const stated = `依据一阶段审核（${plannedDate}）的现场记录，顾客数据与 CPSQ 同为 ${overview.from} 至 ${overview.to}。`;
  expect(text((await agent.get('/dashboard').expect(200)).text)).toContain(stated);
  const report = text((await agent.get('/reports/audit').expect(200)).text);
  expect(report).toContain(`顾客数据区间 ${overview.from} 至 ${overview.to}`);
  expect(report).toContain(stated);
  expect(report).toContain(`样本量 ${overview.responses}`);
});

test('the trend covers every calendar month the period touches, at least twelve', async () => {
  const agent = await loginAgent(world.app, audited.users.analyst!.email);
  const months = async (q: string) => (await agent.get(`/api/v1/dashboard/overview?${q}`).expect(200)).body.trend.map((p: { month: string }) => p.month);
  const mid = await months('from=2025-12-04&to=2026-12-03');
  expect(mid).toHaveLength(13);
  expect(mid[0]).toBe('2025-12');
  expect(mid[12]).toBe('2026-12');
  expect(await months('from=2026-01-01&to=2026-12-31')).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
  expect((await months('period=month&at=2026-06-15')).slice(-1)).toEqual(['2026-06']);
  expect(await months('period=month&at=2026-06-15')).toHaveLength(12);
});

test('where the gate verdict sits beside the star level, a line says the gate does not set the level', async () => {
  const agent = await loginAgent(world.app, audited.users.analyst!.email);
  const line = 'CPSQ 门槛与星级分开判定：星级只看审核得分，未达门槛不会降低星级；但门槛未达到时不能开始二阶段审核。';
  expect(text((await agent.get('/dashboard').expect(200)).text)).toContain(line);
  expect(text((await agent.get('/reports/audit').expect(200)).text)).toContain(line);
  expect(text((await agent.get('/reports/audit?lang=en').expect(200)).text)).toContain('a missed gate does not lower it');
});

test('an indicator evidenced on site and by customers with only customer data is flagged one-sided in the projection API, the report and its legend', async () => {
  // internal.rules.norms is evidenced both ways; the audit records nothing for it, the surveys rate it.
  const ONE_SIDED = 'internal.rules.norms';
  const api = await loginAgent(world.app, audited.users.analyst!.email);
  const projection = (await api.get(`/api/v1/audits/${auditId}/projection`).expect(200)).body;
  for (const site of projection.sites) {
    expect(site.flags.oneSided).toContain(ONE_SIDED);
    // An on-site-only indicator the auditor recorded is not one-sided.
    expect(site.flags.oneSided).not.toContain(MET_AT_ONE_SITE);
  }
  const zh = section((await api.get(`/reports/audit?audit=${auditId}`).expect(200)).text, '<h2>指标得分表', '<h2>计算方法');
  expect(rowOf(zh, ONE_SIDED)).toContain('单方证据');
  expect(rowOf(zh, ONE_SIDED)).toContain('（2 个网点）');
  expect(rowOf(zh, MET_AT_ONE_SITE)).not.toContain('单方证据');
  expect(text(zh)).toContain('「单方证据」：指标应由现场审核和顾客数据共同证明，但只有一方，得分仅按该方计算。');
  const en = section((await api.get(`/reports/audit?audit=${auditId}&lang=en`).expect(200)).text, '<h2>Indicator table', '<h2>Methodology');
  expect(text(rowOf(en, ONE_SIDED))).toContain('One-sided');
  expect(text(en)).toContain('“One-sided”: the indicator should be evidenced both on site and by customers');
});
