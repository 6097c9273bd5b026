/**
 * Handlebars helpers for the dashboard, alerts and report pages, passed per
 * render (the view engine merges them), so figures are formatted the same
 * way server-side and (client/js/dashboard-format.js) in the browser.
 */
import type { HelperOptions } from 'handlebars';
import { DEFAULT_LOCALE, isLocale, t } from '../../i18n';
import { localStamp } from '../../services/localTime';
import { lastTwelveMonths } from '../../services/periods';
import { cutFixed, SCORE_DIGITS } from '../figures';

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

type ChannelCount = { channel: string; responses: number };

function channelList(list: unknown, options: HelperOptions, label: (c: ChannelCount) => string): string {
  return Array.isArray(list) ? (list as ChannelCount[]).map(label).join(t(localeOf(options), 'dashboard.listSeparator')) : '';
}

/**
 * The projected star level always with the gate's verdict beside it: a failed gate means the
 * stage-2 audit cannot start, so the star is never shown alone. The browser builds the same line
 * (client/js/dashboard-figures.js, format "headline").
 */
export function starHeadline(locale: Parameters<typeof t>[0], level: unknown, gatePassed: unknown): string {
  const star = level ? t(locale, 'periods.headline.projected', { level: t(locale, `dashboard.level.${String(level)}`) }) : t(locale, 'periods.headline.noLevel');
  return `${star} · ${t(locale, gatePassed ? 'periods.headline.gateMet' : 'periods.headline.gateNotMet')}`;
}

export const dashboardHelpers = {
  /** Whether from–to is "the last 12 months" (services/periods.ts), so the page states that definition. */
  isLast12: (from: unknown, to: unknown) => typeof to === 'string' && lastTwelveMonths(to).from === from,
  headline: (level: unknown, gatePassed: unknown, options: HelperOptions) => starHeadline(localeOf(options), level, gatePassed),
  num: (value: unknown, digits: unknown) => num(value, typeof digits === 'number' ? digits : 1),
  ci: (ci: unknown) => (Array.isArray(ci) && ci.length === 2 ? `[${num(ci[0])}, ${num(ci[1])}]` : '—'),
  pct: (value: unknown) => (typeof value === 'number' ? `${(value * 100).toFixed(1)}%` : '—'),
  /** The text of a {zh-CN, en} pair in the page's language. */
  loc: (text: unknown, options: HelperOptions) => (text && typeof text === 'object' ? (text as Record<string, string>)[localeOf(options)] ?? '' : ''),
  level: (level: unknown, options: HelperOptions) => (level ? t(localeOf(options), `dashboard.level.${String(level)}`) : '—'),
  channelName: (channel: unknown, options: HelperOptions) => t(localeOf(options), `dashboard.channel.${String(channel)}`),
  /** "调查、暗访" from [{channel}…]: what a low-sample badge names. */
  shortChannels: (list: unknown, options: HelperOptions) => channelList(list, options, (c) => t(localeOf(options), `dashboard.channelShort.${c.channel}`)),
  /** "神秘顾客暗访（11 份）" per channel: the badge's longer text. */
  channelCounts: (list: unknown, options: HelperOptions) =>
    channelList(list, options, (c) => t(localeOf(options), 'dashboard.sites.channelN', { channel: t(localeOf(options), `dashboard.channel.${c.channel}`), n: c.responses })),
  heat: (score: unknown) => (typeof score === 'number' ? `heat heat-${Math.min(10, Math.max(0, Math.floor(score / 10)))}` : 'heat heat-none'),
  gaugeArc: (from: unknown, to: unknown) => (typeof from === 'number' && typeof to === 'number' ? gaugeArc(from, to) : ''),
  gaugeX: (v: unknown, r: unknown) => (typeof v === 'number' ? gaugePoint(v, typeof r === 'number' ? r : 80)[0].toFixed(2) : '0'),
  gaugeY: (v: unknown, r: unknown) => (typeof v === 'number' ? gaugePoint(v, typeof r === 'number' ? r : 80)[1].toFixed(2) : '0'),
  /** x of a 0–100 value on a 300-wide whisker strip. */
  x300: (v: unknown) => (typeof v === 'number' ? (Math.max(0, Math.min(100, v)) * 3).toFixed(1) : '0'),
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
