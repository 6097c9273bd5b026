/**
 * What the dashboard pages say around the figures: the heat map heads its
 * columns with indicator names in the page language (codes kept as tooltips)
 * and keys every colour band; the site ranking's low-sample badge names the
 * channel short of 30; admins find the alert rules in the menu; the favicon
 * is served.
 */
import { callAnswersFor, mysteryAnswersFor, seededRandom, surveyAnswersFor } from '../../server/services/demo/dashboardAnswers';
import { publishAll, submit, type Published } from '../helpers/dashboard';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';
import { HEAVY_MS } from '../helpers/timeouts';

let world: World;
let a: Tenant;
let published: Published;

beforeAll(async () => {
  world = await buildWorld();
  a = await buildTenant(world.store);
  published = await publishAll(a);
  // Site S1: 30 surveys and 30 calls but only 5 mystery visits; S2: 3 of each.
  const r = seededRandom(11);
  const at = (k: number) => new Date(Date.now() - (1 + (k % 50)) * 86_400_000).toISOString();
  for (let k = 0; k < 30; k++) {
    await submit(a, published, 'survey', 0, surveyAnswersFor(r, 0.8), at(k));
    await submit(a, published, 'call', 0, callAnswersFor(r, 0.8), at(k));
    if (k < 5) await submit(a, published, 'mystery', 0, mysteryAnswersFor(r, 0.8), at(k));
    if (k < 3) for (const channel of ['survey', 'call', 'mystery'] as const) await submit(a, published, channel, 1, channel === 'survey' ? surveyAnswersFor(r, 0.6) : channel === 'call' ? callAnswersFor(r, 0.6) : mysteryAnswersFor(r, 0.6), at(k));
  }
}, HEAVY_MS);
afterAll(() => world.close());

const rowOf = (html: string, code: string) => html.slice(html.indexOf(`<tr data-site="${code}">`), html.indexOf('</tr>', html.indexOf(`<tr data-site="${code}">`)));

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

test('the low-sample badge of a site names the channel short of 30, with its count', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const json = (await agent.get('/api/v1/dashboard/sites').expect(200)).body;
  const s1 = json.sites.find((s: { code: string }) => s.code === 'S1');
  expect(s1).toMatchObject({ lowSample: true, lowSampleChannels: [{ channel: 'mystery', responses: 5 }] });
  const s2 = json.sites.find((s: { code: string }) => s.code === 'S2');
  expect(s2.lowSampleChannels.map((c: { channel: string }) => c.channel)).toEqual(['survey', 'call', 'mystery']);

  const zh = (await agent.get('/dashboard/sites').expect(200)).text;
  expect(rowOf(zh, 'S1')).toContain('<span class="badge low" title="样本不足 30 的渠道：神秘顾客暗访（5 份）；区间仅供参考">暗访 &lt;30<span class="visually-hidden"> 样本不足 30 的渠道：神秘顾客暗访（5 份）；区间仅供参考</span></span>');
  expect(rowOf(zh, 'S2')).toContain('>调查、回访、暗访 &lt;30<');
  expect(zh).toContain('“暗访 &lt;30”等标记表示该场所的这一渠道样本不足 30');
  const en = (await agent.get('/dashboard/sites?lang=en').expect(200)).text;
  expect(rowOf(en, 'S1')).toContain('title="Channels with fewer than 30 responses: Mystery visit (5); the interval is indicative">Mystery &lt;30<');
  // The browser rebuilds the ranking from the same words.
  expect(en).toContain('"sites.lowSampleBadge":"{channels} &lt;30"'.replace('&lt;', '\\u003c'));
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
