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

test('an inline plural picks its option by its own variable, so one message can count two things', () => {
  expect(t('en', 'visits.plans.autoAssigned', { assigned: 1, open: 1 })).toBe('1 visit assigned; 1 has no eligible shopper yet');
  expect(t('en', 'visits.plans.autoAssigned', { assigned: 3, open: 0 })).toBe('3 visits assigned; 0 have no eligible shopper yet');
  expect(t('en', 'audits.proj.siteLine', { base: 80, bonus: 1, deductions: 1, responses: 2, cpsq: 90, ci: '±2' })).toContain(
    '1 special deduction; 2 customer responses',
  );
  // A value that is not a plain number reads as "other", and the number is shown as given.
  expect(t('en', 'auditLog.summary', { total: '1,204', page: 1, pages: 3 })).toBe('1,204 entries, newest first; page 1 of 3');
  expect(t('en', 'auditLog.summary', { total: 1, page: 1, pages: 1 })).toBe('1 entry, newest first; page 1 of 1');
  // Chinese counts without plural forms: its messages carry no inline plural and read the same for 1 and 2.
  expect(t('zh-CN', 'visits.plans.autoAssigned', { assigned: 1, open: 1 })).not.toContain('plural');
});

test('every English message that puts a variable before a plural noun counts it with a plural form', () => {
  // Variables that name or identify something rather than count it, and amounts shown with decimals ("1.50 points").
  const notCounts = new Set(['enterprise', 'site', 'caseId', 'rule', 'row', 'points', 'scale', 'max', 'min', 'threshold', 'scanned', 'difference', 'maxCount']);
  // "≥{five} five stars": a threshold before the level's name.
  for (const level of ['five', 'four', 'three', 'compliant']) notCounts.add(level);
  const plainCounting = messageKeys('en').filter((k) => {
    const text = t('en', k).replace(/\{\w+, plural,(?:\s*\w+\s*\{[^{}]*\})+\s*\}/g, '');
    return [...text.matchAll(/\{(\w+)\} (?:[a-z]+ )?(?!has\b|was\b|does\b)[a-z]{2,}s\b/g)].some(
      (m) => !notCounts.has(m[1]!) && !['count', 'n'].includes(m[1]!),
    );
  });
  expect(plainCounting).toEqual([]);
});
