/**
 * The grouped menu per role: the role's work page first, a few top entries,
 * the admin pages gathered under 设置, every offered page opening with its own
 * entry marked aria-current, a title and breadcrumbs saying where it is, in
 * zh-CN and English.
 */
import request from 'supertest';
import { insertUser } from '../../server/services/accounts/users';
import { buildCampaign } from '../helpers/campaigns';
import { buildTenant, buildWorld, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let campaign: Awaited<ReturnType<typeof buildCampaign>>['campaign'];
const emails: Record<string, string> = {};

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  campaign = (await buildCampaign(tenant)).campaign;
  for (const [role, user] of Object.entries(tenant.users)) emails[role] = user!.email;
  const manager = await insertUser(world.store, {
    enterpriseId: tenant.enterpriseId,
    email: 'nav-manager@t.test',
    name: 'manager',
    role: 'siteManager',
    password: PASSWORD,
    siteIds: [tenant.sites[0]._id],
  } as Parameters<typeof insertUser>[1]);
  emails.siteManager = manager.email;
});
afterAll(() => world.close());

/** The header menu as the server wrote it: top-level items, each a link or a group with its links. */
interface Top {
  label: string;
  href?: string;
  current: boolean;
  items?: Array<{ href: string; label: string; current: boolean }>;
}

const stripTags = (html: string) => html.replace(/<[^>]+>/g, '').trim();

function menuOf(html: string): Top[] {
  const bar = /<ul class="nav-bar">([\s\S]*?)<li class="nav-account">/.exec(html);
  if (!bar) throw new Error('no menu on the page');
  const tops = bar[1].split(/\n\s*<li>/).filter((chunk) => chunk.trim());
  return tops.map((chunk): Top => {
    const group = /<summary(?: class="has-current")?>([^<]+)<\/summary><ul>([\s\S]*?)<\/ul>/.exec(chunk);
    const links = [...(group ? group[2] : chunk).matchAll(/<a href="([^"]+)"( aria-current="page")?>([^<]+)<\/a>/g)].map((m) => ({
      href: m[1],
      current: !!m[2],
      label: m[3],
    }));
    if (group) return { label: group[1], current: chunk.includes('has-current'), items: links };
    return { ...links[0], current: links[0].current };
  });
}

/** The breadcrumbs' texts, and which one is the current page. */
function crumbsOf(html: string): { texts: string[]; current: string } {
  const nav = /<nav class="breadcrumbs"[^>]*><ol>([\s\S]*?)<\/ol><\/nav>/.exec(html);
  if (!nav) throw new Error('no breadcrumbs on the page');
  const texts = [...nav[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => stripTags(m[1]));
  return { texts, current: stripTags(/aria-current="page">([^<]*)</.exec(nav[1])?.[1] ?? '') };
}

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
const hrefsOf = (menu: Top[]) => menu.flatMap((top) => (top.items ? top.items.map((i) => i.href) : [top.href!]));

const WORK: Array<[string, string]> = [
  ['admin', '/dashboard'],
  ['analyst', '/dashboard'],
  ['siteManager', '/dashboard'],
  ['agent', '/agent'],
  ['shopper', '/my-visits'],
  ['reviewer', '/review'],
  ['auditor', '/audits'],
];

test.each(WORK)(
  'the %s sees their work page first in a menu of at most seven top entries, and every page it offers opens with its entry current, a title and breadcrumbs',
  async (role, work) => {
    const agent = await loginAgent(world.app, emails[role]);
    const home = await agent.get(work);
    expect(home.status).toBe(200);
    const menu = menuOf(home.text);
    expect(menu[0]).toMatchObject({ href: work, current: true });
    expect(menu.length).toBeLessThanOrEqual(7);
    const hrefs = hrefsOf(menu);
    expect(new Set(hrefs).size).toBe(hrefs.length);
    for (const href of hrefs) {
      const page = await agent.get(href);
      expect([href, page.status]).toEqual([href, 200]);
      const currentLinks = hrefsOf(
        menuOf(page.text)
          .map((top) => (top.items ? { ...top, items: top.items.filter((i) => i.current) } : top))
          .filter((top) => top.items || top.current),
      );
      expect([href, currentLinks]).toEqual([href, [href]]);
      expect(titleOf(page.text)).toMatch(/^.+ · /);
      const crumbs = crumbsOf(page.text);
      expect(crumbs.current).not.toBe('');
      expect(crumbs.texts.length).toBeGreaterThanOrEqual(2);
    }
  },
);

test('the admin finds sites, users, tokens, webhooks, outbox and audit log in one 设置 menu, and work pages outside it', async () => {
  const agent = await loginAgent(world.app, emails.admin);
  const menu = menuOf((await agent.get('/dashboard')).text);
  const settings = menu.find((top) => top.label === '设置');
  expect(settings?.items?.map((i) => i.href)).toEqual(
    expect.arrayContaining(['/admin/sites', '/admin/users', '/admin/tokens', '/admin/webhooks', '/admin/outbox', '/admin/audit-log']),
  );
  expect(settings?.items?.map((i) => i.href)).not.toContain('/campaigns');
  expect(menu.find((top) => top.label === '采集')?.items?.map((i) => i.href)).toEqual(expect.arrayContaining(['/campaigns', '/templates', '/visit-plans']));
  const users = await agent.get('/admin/users');
  expect(crumbsOf(users.text).texts).toEqual(['设置', '用户']);
  expect(menuOf(users.text).find((top) => top.label === '设置')?.current).toBe(true);
});

test('a page below an entry has breadcrumbs through its parents: 采集 › 问卷活动 › campaign › 收件人, and in English', async () => {
  const agent = await loginAgent(world.app, emails.admin);
  const zh = await agent.get(`/campaigns/${campaign._id}/recipients`);
  expect(crumbsOf(zh.text)).toEqual({ texts: ['采集', '问卷活动', campaign.name, '收件人'], current: '收件人' });
  expect(zh.text).toContain(`<a href="/campaigns/${campaign._id}">${campaign.name}</a>`);
  expect(
    menuOf(zh.text)
      .find((top) => top.label === '采集')
      ?.items?.find((i) => i.current)?.href,
  ).toBe('/campaigns');
  const en = await agent.get(`/campaigns/${campaign._id}/recipients?lang=en`);
  expect(crumbsOf(en.text)).toEqual({ texts: ['Collect', 'Campaigns', campaign.name, 'Recipients'], current: 'Recipients' });
  expect(menuOf(en.text).map((top) => top.label)).toEqual(expect.arrayContaining(['Dashboard', 'Collect', 'Settings']));
  const tab = await agent.get('/dashboard/sites?lang=zh-CN');
  expect(crumbsOf(tab.text).texts).toEqual(['分析', '满意度看板', '场所排名']);
});

test('someone not logged in gets neither menu nor breadcrumbs, only the language switch', async () => {
  const login = await request(world.app).get('/login');
  expect(login.text).not.toContain('nav-bar');
  expect(login.text).not.toContain('class="breadcrumbs"');
  expect(login.text).toContain('class="nav-lang"');
});
