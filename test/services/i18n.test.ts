import { catalogueKeys, PLURAL_SUFFIX, t } from '../../server/i18n';

/** Keys without plural variants, which languages have as their plural categories need them. */
const messageKeys = (locale: 'zh-CN' | 'en') => catalogueKeys(locale).filter((k) => !PLURAL_SUFFIX.test(k));

test('zh-CN and en catalogues have exactly the same keys (plural variants aside)', () => {
  const zh = new Set(messageKeys('zh-CN'));
  const en = new Set(messageKeys('en'));
  expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  expect([...en].filter((k) => !zh.has(k))).toEqual([]);
});

test('fills placeholders and shows a missing key as itself', () => {
  expect(t('en', 'home.title', { name: 'Li' })).toBe('Welcome, Li');
  expect(t('zh-CN', 'home.title', { name: '李' })).toBe('欢迎，李');
  expect(t('en', 'no.such.key')).toBe('no.such.key');
});

test('every plural variant belongs to a message of its language and keeps its placeholders', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    const all = new Set(catalogueKeys(locale));
    for (const variant of catalogueKeys(locale).filter((k) => PLURAL_SUFFIX.test(k))) {
      const base = variant.replace(PLURAL_SUFFIX, '');
      expect(all.has(base) ? base : `${variant} has no message ${base}`).toBe(base);
      const names = (key: string) => [...t(locale, key).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(variant)).toEqual(names(base));
    }
  }
});

test('English picks the singular for a count of 1 and the plural otherwise; zh-CN has one form', () => {
  expect(t('en', 'calls.agent.myCalls', { n: 1 })).toBe('You made 1 call today.');
  expect(t('en', 'calls.agent.myCalls', { n: 2 })).toBe('You made 2 calls today.');
  expect(t('en', 'calls.agent.myCalls', { n: 0 })).toBe('You made 0 calls today.');
  expect(t('en', 'campaignRecipients.count', { count: '1' })).toBe('1 recipient');
  expect(t('en', 'campaignRecipients.count', { count: 12 })).toBe('12 recipients');
  expect(t('zh-CN', 'calls.agent.myCalls', { n: 1 })).toBe(t('zh-CN', 'calls.agent.myCalls', { n: 2 }).replace('2', '1'));
});

test('every English message that shows a count has its singular form', () => {
  const en = new Set(catalogueKeys('en'));
  const counted = messageKeys('en').filter(
    (k) => /\{count\}/.test(t('en', k)) || /^\{n\} |\{n\} (calls|cases|customer responses|responses)\b/.test(t('en', k)),
  );
  // "Page {n} of {count}", "{count} or more special deductions", "{n} in all": no noun follows the count, or it is not what the count counts.
  const notCounting = new Set([
    'respond.page',
    'schemes.blocking.reason.specialDeductions',
    'schemes.lift.blocked.specialDeductions',
    'schemes.method.blocking.block',
    'schemes.method.blocking.reportOnly',
    'alerts.tasks.total',
    'calls.agent.attemptOf',
  ]);
  expect(counted.filter((k) => !notCounting.has(k) && !en.has(`${k}.one`))).toEqual([]);
});
