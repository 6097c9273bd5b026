/**
 * Handlebars helpers for the dashboard, alerts and report pages, passed per
 * render (the view engine merges them), so figures are formatted the same
 * way server-side and (client/js/dashboard-format.js) in the browser.
 */
import type { HelperOptions } from 'handlebars';
import { DEFAULT_LOCALE, isLocale, t } from '../../i18n';
import { localStamp } from '../../services/localTime';
import { lastTwelveMonths } from '../../services/periods';
import { axisTicks, axisX, type Axis } from '../../services/dashboard/axis';
import type { Change } from '../../services/dashboard/changes';
import { cutFixed, SCORE_DIGITS } from '../figures';
import { changeClass, changeLine } from './changeText';
import { channels } from '../../services/channels';

const localeOf = (options: HelperOptions) => {
  const l = options.data?.root?.locale;
  return isLocale(l) ? l : DEFAULT_LOCALE;
};

/** Figures follow the one display rule (../figures.ts): one decimal by default, cut, never rounded up. */
export function num(value: unknown, digits = SCORE_DIGITS): string {
  return cutFixed(value, digits);
}

/** Where a 0–100 value sits on the gauge: a point of the half circle centred at (100,100), radius 80. */
export function gaugePoint(value: number, radius = 80): [number, number] {
  const v = Math.max(0, Math.min(100, value));
  const angle = Math.PI * (1 - v / 100);
  return [100 + radius * Math.cos(angle), 100 - radius * Math.sin(angle)];
}

/** SVG path of the arc between two values on the gauge. */
export function gaugeArc(from: number, to: number): string {
  const [x1, y1] = gaugePoint(from);
  const [x2, y2] = gaugePoint(to);
  return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A 80 80 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

/**
 * The projected star level always with the gate's verdict beside it: a failed gate means the
 * stage-2 audit cannot start, so the star is never shown alone. The browser builds the same line
 * (client/js/dashboard-figures.js, format "headline").
 */
export function starHeadline(locale: Parameters<typeof t>[0], level: unknown, gatePassed: unknown, names?: Record<string, Record<string, string>>): string {
  const named = level ? names?.[String(level)]?.[locale] : undefined;
  const star = level
    ? t(locale, 'periods.headline.projected', { level: named ?? t(locale, `dashboard.level.${String(level)}`) })
    : t(locale, 'periods.headline.noLevel');
  return `${star} · ${t(locale, gatePassed ? 'periods.headline.gateMet' : 'periods.headline.gateNotMet')}`;
}

const tOf = (options: HelperOptions) => (key: string, vars?: Record<string, unknown>) => t(localeOf(options), key, vars);
const isAxis = (a: unknown): a is Axis => !!a && typeof a === 'object' && typeof (a as Axis).min === 'number' && typeof (a as Axis).max === 'number';

export const dashboardHelpers = {
  /** "较上期 −6.2（区间 −9.8 至 −2.6）· 显著下降" (changeText.ts). */
  changeLine: (change: unknown, options: HelperOptions) => (change && typeof change === 'object' ? changeLine(change as Change, tOf(options)) : ''),
  changeClass: (change: unknown) => (change && typeof change === 'object' ? changeClass(change as Change) : 'chg'),
  /** x of a 0–100 value on a whisker strip `width` wide over the ranking's fitted axis. */
  axisX: (v: unknown, axis: unknown, width: unknown) =>
    typeof v === 'number' && isAxis(axis) ? axisX(v, axis, typeof width === 'number' ? width : 400).toFixed(1) : '0',
  anyBorrowed: (trend: unknown) => Array.isArray(trend) && trend.some((p) => (p as { ciBorrowed?: boolean }).ciBorrowed),
  axisTicks: (axis: unknown) => (isAxis(axis) ? axisTicks(axis) : []),
  /** Whether from–to is "the last 12 months" (services/periods.ts), so the page states that definition. */
  isLast12: (from: unknown, to: unknown) => typeof to === 'string' && lastTwelveMonths(to).from === from,
  /** {{headline level gatePassed}}, or with a scheme's level names as a third argument. */
  headline: (level: unknown, gatePassed: unknown, ...rest: unknown[]) => {
    const options = rest[rest.length - 1] as HelperOptions;
    const names = rest.length > 1 ? (rest[0] as Record<string, Record<string, string>> | undefined) : undefined;
    return starHeadline(localeOf(options), level, gatePassed, names);
  },
  num: (value: unknown, digits: unknown) => num(value, typeof digits === 'number' ? digits : 1),
  /** {{ci interval}} or {{ci interval score}}: with a score and no interval, '—' and why (n = 1), never a zero-width interval. */
  ci: (ci: unknown, ...rest: unknown[]) => {
    if (Array.isArray(ci) && ci.length === 2) return `[${num(ci[0])}, ${num(ci[1])}]`;
    const options = rest[rest.length - 1] as HelperOptions;
    const score = rest.length > 1 ? rest[0] : undefined;
    return typeof score === 'number' && Number.isFinite(score) ? `— (${t(localeOf(options), 'figures.ci.undefined')})` : '—';
  },
  pct: (value: unknown) => (typeof value === 'number' ? `${(value * 100).toFixed(1)}%` : '—'),
  /** The text of a {zh-CN, en} pair in the page's language. */
  loc: (text: unknown, options: HelperOptions) => (text && typeof text === 'object' ? ((text as Record<string, string>)[localeOf(options)] ?? '') : ''),
  level: (level: unknown, options: HelperOptions) => (level ? t(localeOf(options), `dashboard.level.${String(level)}`) : '—'),
  channelName: (channel: unknown, options: HelperOptions) => (channels.isChannel(channel) ? t(localeOf(options), channels.labelKey(channel)) : String(channel)),
  heat: (score: unknown) => (typeof score === 'number' ? `heat heat-${Math.min(10, Math.max(0, Math.floor(score / 10)))}` : 'heat heat-none'),
  gaugeArc: (from: unknown, to: unknown) => (typeof from === 'number' && typeof to === 'number' ? gaugeArc(from, to) : ''),
  gaugeX: (v: unknown, r: unknown) => (typeof v === 'number' ? gaugePoint(v, typeof r === 'number' ? r : 80)[0].toFixed(2) : '0'),
  gaugeY: (v: unknown, r: unknown) => (typeof v === 'number' ? gaugePoint(v, typeof r === 'number' ? r : 80)[1].toFixed(2) : '0'),
  first: (pair: unknown) => (Array.isArray(pair) ? pair[0] : null),
  second: (pair: unknown) => (Array.isArray(pair) ? pair[1] : null),
  /** ISO timestamp → "2025-03-01 14:05" in the enterprise's time zone (offset in minutes). */
  localTime: (iso: unknown, offset: unknown) => {
    if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return '—';
    return localStamp(iso, typeof offset === 'number' ? offset : 480);
  },
  indent: (kind: unknown) => (kind === 'level' ? 'lvl' : kind === 'item' ? 'itm' : 'ind'),
  or: (a: unknown, b: unknown) => a || b,
  take: (list: unknown, n: unknown) => (Array.isArray(list) ? list.slice(0, typeof n === 'number' ? n : 10) : []),
  isNum: (v: unknown) => typeof v === 'number' && Number.isFinite(v),
  /** A dashboard link keeping the current filters, with one of them set (or cleared with ''). */
  withFilter: (path: unknown, filters: unknown, key: unknown, value: unknown) => {
    const params = new URLSearchParams(Object.entries((filters ?? {}) as Record<string, string>).filter(([, v]) => v !== undefined && v !== ''));
    if (value === '' || value === undefined || value === null) params.delete(String(key));
    else params.set(String(key), String(value));
    const qs = params.toString();
    return `${String(path)}${qs ? `?${qs}` : ''}`;
  },
  /** Joins its arguments (Handlebars passes its options object last). */
  concat: (...args: unknown[]) => args.slice(0, -1).map(String).join(''),
};
