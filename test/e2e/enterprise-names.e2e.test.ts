/**
 * The operator renames an enterprise in Chromium (zh-CN and English pages):
 * the edit row on the enterprises page saves a new English name, and the
 * enterprise's English pages and the English half of the admin invitation
 * then carry it, while the Chinese half keeps the Chinese name.
 * Screenshots: enterprise-names-edit-<lang>, -report-en, -mail-en.
 */
import type { Enterprise } from '../../server/services/accounts/enterprises';
import { insertUser } from '../../server/services/accounts/users';
import { DESKTOP, screenshot } from '../helpers/browser';
import { type E2E, startE2E, watchErrors } from '../helpers/e2e';
import { PASSWORD } from '../helpers/world';

const OPERATOR = 'names-operator@test.local';
const CHINESE_NAME = '华星家电服务';
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E(async (tenant, world) => {
    await insertUser(world.store, { enterpriseId: null, email: OPERATOR, name: 'Operator', role: 'operator', password: PASSWORD });
    await world.store.collection<Enterprise>('enterprises').updateOne({ _id: tenant.enterpriseId }, { $set: { name: CHINESE_NAME } });
  });
});
afterAll(() => e2e?.close());

const WORDS = {
  'zh-CN': { edit: '修改名称', nameEn: '英文名称（可选）', save: '保存', saved: '名称已保存', invite: '发送邀请', email: '管理员邮箱', name: '管理员姓名' },
  en: {
    edit: 'Edit names',
    nameEn: 'English name (optional)',
    save: 'Save',
    saved: 'names saved',
    invite: 'Send invitation',
    email: 'Admin email',
    name: 'Admin name',
  },
} as const;

(['zh-CN', 'en'] as const).forEach((lang) => {
  test(`(${lang}) the operator edits the English name; English pages and the English half of the invitation show it`, async () => {
    const words = WORDS[lang];
    const englishName = lang === 'en' ? 'Huaxing Appliance Service' : 'Huaxing Home Appliances';
    const newAdmin = `second-admin-${lang.toLowerCase()}@test.local`;
    const context = await e2e.contextAs(OPERATOR, { ...DESKTOP, locale: lang });
    await context.addCookies([{ name: 'lang', value: lang, url: e2e.url }]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${e2e.url}/operator/enterprises`);

    const row = page.locator('tr', { has: page.locator(`form[action="/operator/enterprises/${e2e.tenant.enterpriseId}"]`) });
    await row.getByText(words.edit, { exact: true }).click();
    await row.getByLabel(words.nameEn).fill(englishName);
    await screenshot(page, `enterprise-names-edit-${lang}`);
    await Promise.all([page.waitForNavigation(), row.getByRole('button', { name: words.save, exact: true }).click()]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(words.saved);
    await expect(page.locator(`span[lang="en"]`, { hasText: englishName }).isVisible()).resolves.toBe(true);
    await screenshot(page, `enterprise-names-saved-${lang}`);

    // The operator invites a second admin from the same row: the invitation names the enterprise.
    const saved = page.locator('tr', { has: page.locator(`form[action="/operator/enterprises/${e2e.tenant.enterpriseId}/admins"]`) });
    await saved.getByLabel(words.email).fill(newAdmin);
    await saved.getByLabel(words.name).fill('Second Admin');
    await Promise.all([page.waitForNavigation(), saved.getByRole('button', { name: words.invite, exact: true }).click()]);
    expect(errors).toEqual([]);
    await context.close();

    // The enterprise's admin reads English pages and the outbox.
    const admin = await e2e.contextAs(e2e.tenant.admin.email, { ...DESKTOP, locale: 'en' });
    await admin.addCookies([{ name: 'lang', value: 'en', url: e2e.url }]);
    const adminPage = await admin.newPage();
    const adminErrors = watchErrors(adminPage);
    await adminPage.goto(`${e2e.url}/reports/audit`);
    await expect(adminPage.locator('h1').first().textContent()).resolves.toContain(englishName);
    await expect(adminPage.locator('h1').first().textContent()).resolves.not.toContain(CHINESE_NAME);
    if (lang === 'en') await screenshot(adminPage, 'enterprise-names-report-en');

    await adminPage.goto(`${e2e.url}/admin/outbox`);
    await Promise.all([adminPage.waitForNavigation(), adminPage.locator('tr', { hasText: newAdmin }).first().getByRole('link').click()]);
    const text = (await adminPage.locator('pre.mail-text').textContent()) ?? '';
    const [zhHalf, enHalf] = text.split('\n—\n');
    expect(zhHalf).toContain(CHINESE_NAME);
    expect(enHalf).toContain(englishName);
    expect(enHalf).not.toContain(CHINESE_NAME);
    if (lang === 'en') await screenshot(adminPage, 'enterprise-names-mail-en');
    expect(adminErrors).toEqual([]);
    await admin.close();
  });
});
