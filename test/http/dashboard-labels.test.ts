/**
 * What the dashboard pages say around the figures: the heat map heads its
 * columns with indicator names in the page language (codes kept as tooltips)
 * and keys every colour band; the site ranking states thin samples once for
 * the page instead of a badge per row; admins find the alert rules in the menu; the favicon
 * is served.
 */
import { callAnswersFor, mysteryAnswersFor, surveyAnswersFor } from '../../server/services/demo/dashboardAnswers';
import { publishAll, submit, type Published } from '../helpers/dashboard';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';
import { HEAVY_MS } from '../helpers/timeouts';
import { DAY_MS } from '../../server/services/calendar';
import { mulberry32 } from '../../server/services/random';

let world: World;
let a: Tenant;
let published: Published;

beforeAll(async () => {
  world = await buildWorld();
  a = await buildTenant(world.store);
  published = await publishAll(a);
  // Site S1: 30 surveys and 30 calls but only 5 mystery visits; S2: 3 of each.
  const r = mulberry32(11);
  const at = (k: number) => new Date(Date.now() - (1 + (k % 50)) * DAY_MS).toISOString();
  for (let k = 0; k < 30; k++) {
    await submit(a, published, 'survey', 0, surveyAnswersFor(r, 0.8), at(k));
    await submit(a, published, 'call', 0, callAnswersFor(r, 0.8), at(k));
    if (k < 5) await submit(a, published, 'mystery', 0, mysteryAnswersFor(r, 0.8), at(k));
    if (k < 3)
      for (const channel of ['survey', 'call', 'mystery'] as const)
        await submit(
          a,
          published,
          channel,
          1,
          channel === 'survey' ? surveyAnswersFor(r, 0.6) : channel === 'call' ? callAnswersFor(r, 0.6) : mysteryAnswersFor(r, 0.6),
          at(k),
        );
  }
}, HEAVY_MS);
afterAll(() => world.close());

const rowOf = (html: string, code: string) =>
  html.slice(html.indexOf(`<tr data-site="${code}">`), html.indexOf('</tr>', html.indexOf(`<tr data-site="${code}">`)));

test('the heat map heads its columns with indicator names in the page language, codes as tooltips', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const zh = (await agent.get('/dashboard/indicators').expect(200)).text;
  const json = (await agent.get('/api/v1/dashboard/indicators').expect(200)).body;
  expect(json.columns).toHaveLength(json.indicators.length);
  expect(json.columns.map((c: { code: string }) => c.code)).toEqual(json.indicators);
  const heat = zh.slice(zh.indexOf('<table class="heatmap">'), zh.indexOf('</table>', zh.indexOf('<table class="heatmap">')));
  const first = json.columns[0];
  expect(heat).toContain(`<th class="rot" scope="col" title="${first.code}" data-code="${first.code}"><span>${first.name['zh-CN']}</span></th>`);
  // No column is headed by its code any more; every code is still there for auditors.
  for (const c of json.columns) {
    expect(heat).not.toContain(`<span>${c.code}</span>`);
    expect(heat).toContain(`title="${c.code}"`);
  }
  // A cell's tooltip names the site and the indicator, code in brackets.
  expect(heat).toContain(`title="S1 ${a.sites[0].name} · ${first.name['zh-CN']} (${first.code})"`);
  const en = (await agent.get('/dashboard/indicators?lang=en').expect(200)).text;
  expect(en).toContain(`<span>${first.name.en}</span></th>`);
  expect(en).toContain('hover a column name to see the indicator code');
});

test('the indicator tree numbers its rows as the standard is read (1, 1.1, 1.1.1), with the number in the API too', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const zh = (await agent.get('/dashboard/indicators').expect(200)).text;
  const tree = zh.slice(zh.indexOf('<table class="tree">'), zh.indexOf('</table>', zh.indexOf('<table class="tree">')));
  expect(tree).toContain('<span class="code">1.1.1</span> 服务理念');
  expect(tree).not.toContain('<span class="code">internal.culture.philosophy</span>');
  const json = (await agent.get('/api/v1/dashboard/indicators').expect(200)).body;
  expect(json.tree.slice(0, 3).map((r: { code: string; number: string }) => [r.code, r.number])).toEqual([
    ['internal', '1'],
    ['internal.culture', '1.1'],
    ['internal.culture.philosophy', '1.1.1'],
  ]);
});

test('the heat map legend keys every colour band of the scale', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const page = (await agent.get('/dashboard/indicators').expect(200)).text;
  const legend = page.slice(page.indexOf('id="heat-legend"'), page.indexOf('</p>', page.indexOf('id="heat-legend"')));
  const bands = [...legend.matchAll(/<span class="heat (heat-[\w]+)">([^<]*)<\/span>/g)].map((m) => [m[1], m[2]]);
  expect(bands).toEqual([
    ['heat-2', '&lt;30'],
    ['heat-3', '30–39'],
    ['heat-4', '40–49'],
    ['heat-5', '50–59'],
    ['heat-6', '60–69'],
    ['heat-7', '70–79'],
    ['heat-8', '80–89'],
    ['heat-9', '≥90'],
    ['heat-none', '—'],
  ]);
});

test('the ranking states thin samples once for the page, surveys and calls against 30, and badges no row', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const json = (await agent.get('/api/v1/dashboard/sites').expect(200)).body;
  // S2 has 3 surveys and 3 calls; S1's 5 mystery visits have no plan to fall behind, so they are not "thin".
  expect(json.sampleNote.short).toEqual([
    { siteCode: 'S2', channel: 'survey', n: 3 },
    { siteCode: 'S2', channel: 'call', n: 3 },
  ]);
  expect(json.sampleNote.behindPlan).toEqual([]);

  const zh = (await agent.get('/dashboard/sites').expect(200)).text;
  expect(zh.match(/class="sample-note"/g)).toHaveLength(1);
  expect(zh).toContain('以下得分所依据的回应少于 30 份，区间较宽，仅供参考：S2 调查 3 份、S2 回访 3 份。');
  expect(zh).not.toContain('暗访 &lt;30');
  expect(rowOf(zh, 'S1')).not.toContain('badge');
  expect(rowOf(zh, 'S2')).not.toContain('badge');
  const en = (await agent.get('/dashboard/sites?lang=en').expect(200)).text;
  expect(en).toContain(
    'These scores rest on fewer than 30 responses, so their intervals are wide; read them with care: S2 Survey 3 responses, S2 Call 3 responses.',
  );
});

test('the menu links the alert rules for roles that may manage them, and only those', async () => {
  const admin = await loginAgent(world.app, a.users.admin!.email);
  const zh = (await admin.get('/follow-ups').expect(200)).text;
  expect(zh).toContain('<a href="/alerts">低分预警规则</a>');
  const rules = (await admin.get('/alerts').expect(200)).text;
  expect(rules).toContain('<a href="/alerts" aria-current="page">低分预警规则</a>');
  expect((await admin.get('/follow-ups?lang=en').expect(200)).text).toContain('<a href="/alerts">Low-score alert rules</a>');
  const analyst = await loginAgent(world.app, a.users.analyst!.email);
  expect((await analyst.get('/follow-ups').expect(200)).text).not.toContain('href="/alerts"');
  await analyst.get('/alerts').expect(403);
});

test('pages link an icon, and /favicon.ico leads to it instead of a 404', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const page = (await agent.get('/dashboard').expect(200)).text;
  expect(page).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
  const icon = await agent.get('/static/favicon.svg').expect(200);
  expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  const ico = await agent.get('/favicon.ico').expect(301);
  expect(ico.headers.location).toBe('/static/favicon.svg');
});
