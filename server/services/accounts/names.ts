/**
 * Enterprises and sites have a Chinese name and may have an English one. A
 * page, email or PDF in English shows the English name when there is one, and
 * the Chinese name otherwise: a name is never left blank.
 */
import type { Locale } from '../../i18n';

export interface Named {
  name: string;
  /** Optional; absent or empty means "use the Chinese name". */
  nameEn?: string;
}

export function nameIn(thing: Named, locale: Locale | string): string {
  return locale === 'en' && thing.nameEn ? thing.nameEn : thing.name;
}

/** For English names: Chinese characters here are a typing slip (the Chinese name has its own field). */
export const CJK_PATTERN = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** Both names, for outputs that a page or email shows in either language (the English one only when set). */
export function namesOf(thing: Named): Named {
  return thing.nameEn ? { name: thing.name, nameEn: thing.nameEn } : { name: thing.name };
}
