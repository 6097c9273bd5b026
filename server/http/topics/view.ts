/**
 * From a topic summary to what the page shows: labels in the reader's
 * language, figures by the one display rule (../figures.ts), the effect's
 * interval placed on a shared scale, and links to the comments behind a figure.
 */
import type { Locale } from '../../i18n';
import type { DashboardFilters } from '../../services/dashboard/filters';
import type { TopicSummary } from '../../services/topics/summary';
import { cutFixed, scoreText } from '../figures';
import { queryString } from '../dashboard/scope';

/** How many topics the trend chart draws (the busiest); the table lists all. */
export const TREND_TOPICS = 5;

const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${cutFixed(Math.abs(v))}`;
const percent = (part: number, whole: number) => (whole ? (part / whole) * 100 : 0);

/**
 * The effect axis: symmetric around 0, wide enough for every interval, in steps of 5 points, but no
 * wider than ±40 so a topic with three mentions cannot flatten the others; its whisker is cut at the edge.
 */
export const MAX_AXIS = 40;
function axisOf(summary: TopicSummary): number {
  const reach = Math.max(5, ...summary.topics.flatMap((t) => (t.effect ? t.effect.ci.map(Math.abs) : [])));
  return Math.min(MAX_AXIS, Math.ceil(reach / 5) * 5);
}

/** The sentiment bar's segments, each placed after the one before on a 0–100 SVG. */
function sentimentSegments(counts: Record<'positive' | 'neutral' | 'negative', number>, total: number) {
  let x = 0;
  return (['positive', 'neutral', 'negative'] as const).map((kind) => {
    const width = percent(counts[kind], total);
    const segment = { kind, count: counts[kind], x: x.toFixed(2), width: width.toFixed(2) };
    x += width;
    return segment;
  });
}

export function topicPageModel(summary: TopicSummary, locale: Locale, filters: DashboardFilters) {
  const labelOf = (t: { zh: string; en: string }) => (locale === 'en' ? t.en : t.zh);
  const axis = axisOf(summary);
  // Positions on the whisker's SVG, 0–200 wide with 0 at 100 (attributes, as the page's CSP allows no inline styles).
  const place = (v: number) => Math.max(0, Math.min(200, 100 + (v / axis) * 100));
  const at = (v: number) => place(v).toFixed(2);
  const rows = summary.topics.map((t) => {
    const total = t.sentiment.positive + t.sentiment.neutral + t.sentiment.negative;
    return {
      code: t.code,
      label: labelOf(t),
      mentions: t.mentions,
      share: cutFixed(t.share * 100),
      sentiment: sentimentSegments(t.sentiment, total),
      meanWith: scoreText(t.meanWith),
      meanWithout: scoreText(t.meanWithout),
      nWith: t.nWith,
      nWithout: t.nWithout,
      effect: t.effect && {
        difference: signed(t.effect.difference),
        low: signed(t.effect.ci[0]),
        high: signed(t.effect.ci[1]),
        direction: !t.effect.significant ? 'none' : t.effect.difference < 0 ? 'drag' : 'lift',
        point: at(t.effect.difference),
        from: at(t.effect.ci[0]),
        width: (place(t.effect.ci[1]) - place(t.effect.ci[0])).toFixed(2),
      },
      commentsHref: `/dashboard/comments${queryString(filters, { topic: t.code })}`,
      negativeHref: `/dashboard/comments${queryString(filters, { topic: t.code, sentiment: 'negative' })}`,
    };
  });
  const busiest = summary.topics.filter((t) => t.mentions > 0).slice(0, TREND_TOPICS);
  const trend = {
    months: summary.trend.map((m) => ({ month: m.month, partial: m.partial, commented: m.commented })),
    series: busiest.map((t) => ({
      code: t.code,
      label: labelOf(t),
      share: summary.trend.map((m) => (m.commented ? Math.round(percent(m.mentions[t.code] ?? 0, m.commented) * 10) / 10 : null)),
    })),
  };
  const trendTable = summary.trend.map((m) => ({
    month: m.month,
    partial: m.partial,
    commented: m.commented,
    cells: busiest.map((t) => m.mentions[t.code] ?? 0),
  }));
  return {
    rows,
    axis: { low: `−${axis}`, high: `+${axis}` },
    totals: { commented: summary.commented, scanned: summary.scanned, capped: summary.capped, ...summary.sentiment },
    trend,
    trendHeads: busiest.map(labelOf),
    trendTable,
  };
}
