/**
 * Schemes for tests: the shipped default's content under another code, with
 * the numbers a test wants to differ.
 */
import { DEFAULT_SCHEME, shippedSchemes } from '../../server/services/schemes/shipped';
import { schemeKey, type SchemeContent } from '../../server/services/schemes/types';
import type { Actor } from '../../server/services/context';

export const OPERATOR: Actor = { userId: 'operator-1', role: 'operator', enterpriseId: null, via: 'session' };

export function defaultSchemeContent(): SchemeContent {
  const { version: _v, origin: _o, ...content } = shippedSchemes().get(schemeKey(DEFAULT_SCHEME))!;
  return structuredClone(content);
}

/** A stricter scheme: levels at 60/75/85/92, bonus up to +3, 2.5 points per deduction, 3 deductions block. */
export function strictScheme(code = 'test-strict'): SchemeContent {
  const base = defaultSchemeContent();
  return {
    ...base,
    code,
    name: { 'zh-CN': '测试方案', en: 'Test scheme' },
    bonusCap: 3,
    deductionPoints: 2.5,
    blockingDeductions: 3,
    levels: {
      compliant: { threshold: 60, name: { 'zh-CN': '合格', en: 'Pass' } },
      three: { threshold: 75, name: { 'zh-CN': '良好', en: 'Good' } },
      four: { threshold: 85, name: { 'zh-CN': '优秀', en: 'Very good' } },
      five: { threshold: 92, name: { 'zh-CN': '卓越', en: 'Excellent' } },
    },
  };
}
