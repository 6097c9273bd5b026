import { catalogueKeys, t } from '../../server/i18n';

test('zh-CN and en catalogues have exactly the same keys', () => {
  const zh = new Set(catalogueKeys('zh-CN'));
  const en = new Set(catalogueKeys('en'));
  expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  expect([...en].filter((k) => !zh.has(k))).toEqual([]);
});

test('fills placeholders and shows a missing key as itself', () => {
  expect(t('en', 'home.title', { name: 'Li' })).toBe('Welcome, Li');
  expect(t('zh-CN', 'home.title', { name: '李' })).toBe('欢迎，李');
  expect(t('en', 'no.such.key')).toBe('no.such.key');
});
