/**
 * The brief as pages show it: the visit's scenario in the page language, the
 * fee in yuan, and the site's address with map links (links only: a page
 * carries no map script from elsewhere).
 */
import { t, type Locale } from '../../i18n';
import type { Site } from '../../services/accounts/sites';
import { briefOf, feeOf, scenarioOf } from '../../services/visits/brief';
import { SCENARIO_PARTS, VISIT_TYPES, type BriefText, type Scenario } from '../../services/visits/briefTypes';
import type { Visit, VisitPlan } from '../../services/visits/types';

/** Fen as yuan with two decimals, by the digits. */
export function fenToYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

const inLocale = (text: BriefText | undefined, locale: Locale) => (text ? (locale === 'en' && text.en) || text['zh-CN'] : '');

export function scenarioView(scenario: Scenario | undefined, locale: Locale) {
  if (!scenario) return null;
  return {
    type: scenario.type,
    typeLabel: t(locale, `visitBrief.type.${scenario.type}`),
    parts: SCENARIO_PARTS.filter((part) => scenario[part]).map((part) => ({
      label: t(locale, `visitBrief.part.${part}`),
      text: inLocale(scenario[part], locale),
    })),
  };
}

/** The address to search for: the city first unless the address already names it. */
function searchText(site: Pick<Site, 'city' | 'address'>): string {
  const address = site.address?.trim() ?? '';
  return address.startsWith(site.city) ? address : `${site.city}${address}`;
}

/** Amap (高德) for Chinese readers first, OpenStreetMap first for English ones. */
export function addressView(site: Pick<Site, 'city' | 'address' | 'name'>, locale: Locale) {
  if (!site.address?.trim()) return { text: '', maps: [] };
  const q = encodeURIComponent(searchText(site));
  const amap = { label: t(locale, 'visitBrief.mapAmap'), href: `https://uri.amap.com/search?keyword=${q}` };
  const osm = { label: t(locale, 'visitBrief.mapOsm'), href: `https://www.openstreetmap.org/search?query=${q}` };
  return { text: site.address.trim(), maps: locale === 'en' ? [osm, amap] : [amap, osm] };
}

export function feeView(feeFen: number | undefined, locale: Locale): string {
  return feeFen === undefined ? t(locale, 'visitBrief.noFee') : t(locale, 'visitBrief.feeValue', { amount: fenToYuan(feeFen) });
}

/** What one visit's shopper (and its reviewer) reads: its scenario, the fee and where to go. */
export function visitBriefView(plan: VisitPlan, visit: Pick<Visit, 'seq' | 'acceptedBrief'>, site: Site, locale: Locale) {
  return {
    scenario: scenarioView(scenarioOf(plan, visit), locale),
    fee: feeView(feeOf(plan, visit), locale),
    address: addressView(site, locale),
  };
}

/** The plan page: every scenario, and the form to edit them (the posted values when a save was refused). */
export function planBriefView(plan: VisitPlan, site: Site, locale: Locale, posted?: Record<string, unknown>) {
  const brief = briefOf(plan);
  const stored = (type: string, part: string, lang: 'zh-CN' | 'en') => {
    const s = brief.scenarios.find((x) => x.type === type);
    return s?.[part as (typeof SCENARIO_PARTS)[number]]?.[lang] ?? '';
  };
  const value = (type: string, part: string, lang: 'zh-CN' | 'en') => (posted ? String(posted[`${type}.${part}.${lang}`] ?? '') : stored(type, part, lang));
  return {
    scenarios: brief.scenarios.map((s) => scenarioView(s, locale)),
    fee: feeView(brief.feeFen, locale),
    feeInput: posted ? String(posted.fee ?? '') : brief.feeFen === undefined ? '' : fenToYuan(brief.feeFen),
    address: addressView(site, locale),
    form: VISIT_TYPES.map((type) => {
      const parts = SCENARIO_PARTS.map((part) => ({
        part,
        label: t(locale, `visitBrief.part.${part}`),
        zh: value(type, part, 'zh-CN'),
        en: value(type, part, 'en'),
        nameZh: `${type}.${part}.zh-CN`,
        nameEn: `${type}.${part}.en`,
      }));
      return { type, label: t(locale, `visitBrief.type.${type}`), parts, open: parts.some((p) => p.zh || p.en) };
    }),
  };
}
