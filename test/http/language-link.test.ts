/**
 * The header's language switch opens the same page in the other language with
 * the page's filters kept, on signed-in pages and on the login page alike.
 */
import request from 'supertest';
import { otherLanguageHref } from '../../server/http/middleware/locale';
import { loginAgent } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile();

/** The href of the header's language link, as the browser would follow it (entities decoded). */
function languageHref(html: string): string {
  const found = /<a class="nav-lang" href="([^"]*)"/.exec(html);
  if (!found) throw new Error('no language link on the page');
  return found[1]!.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}

test('a filtered follow-up list switches to English with its site and status filters kept', async () => {
  const agent = await loginAgent(fixture.world.app, fixture.tenant.users.admin!.email);
  const site = fixture.tenant.sites[0].code;
  const zh = await agent.get(`/follow-ups?site=${site}&status=open&lang=zh-CN`).expect(200);
  const href = languageHref(zh.text);
  expect(Object.fromEntries(new URLSearchParams(href.slice(1)))).toEqual({ site, status: 'open', lang: 'en' });

  const en = await agent.get(`/follow-ups${href}`).expect(200);
  expect(en.text).toContain('<html lang="en"');
  expect(Object.fromEntries(new URLSearchParams(languageHref(en.text).slice(1)))).toEqual({ site, status: 'open', lang: 'zh-CN' });
});

test('a page without a query gets just the language', async () => {
  const login = await request(fixture.world.app).get('/login').set('Accept-Language', 'zh-CN').expect(200);
  expect(languageHref(login.text)).toBe('?lang=en');
});

test('a query value with spaces, Chinese or an ampersand survives the switch, and an old lang is replaced, not repeated', () => {
  const href = otherLanguageHref('/x?q=%E6%9C%8D%E5%8A%A1%20%26%20more&lang=en&page=3', 'zh-CN');
  const params = new URLSearchParams(href.slice(1));
  expect(params.getAll('lang')).toEqual(['zh-CN']);
  expect(params.get('q')).toBe('服务 & more');
  expect(params.get('page')).toBe('3');
});
