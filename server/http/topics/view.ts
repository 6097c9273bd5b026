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

/** The effect axis: symmetric around 0, wide enough for every interval, in steps of 5 points. */
function axisOf(summary: TopicSummary): number {
  const reach = Math.max(5, ...summary.topics.flatMap((t) => (t.effect ? t.effect.ci.map(Math.abs) : [])));
  return Math.ceil(reach / 5) * 5;
}

export function topicPageModel(summary: TopicSummary, locale: Locale, filters: DashboardFilters) {
  const labelOf = (t: { zh: string; en: string }) => (locale === 'en' ? t.en : t.zh);
  const axis = axisOf(summary);
  const at = (v: number) => (50 + (v / axis) * 50).toFixed(2);
  const rows = summary.topics.map((t) => {
    const total = t.sentiment.positive + t.sentiment.neutral + t.sentiment.negative;
    return {
      code: t.code,
      label: labelOf(t),
      mentions: t.mentions,
      share: cutFixed(t.share * 100),
      sentiment: (['positive', 'neutral', 'negative'] as const).map((s) => ({ kind: s, count: t.sentiment[s], width: percent(t.sentiment[s], total).toFixed(2) })),
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
        width: (((t.effect.ci[1] - t.effect.ci[0]) / axis) * 50).toFixed(2),
      },
      commentsHref: `/dashboard/comments${queryString(filters, { topic: t.code })}`,
      negativeHref: `/dashboard/comments${queryString(filters, { topic: t.code, sentiment: 'negative' })}`,
    };
  });
  const busiest = summary.topics.filter((t) => t.mentions > 0).slice(0, TREND_TOPICS);
  const trend = {
    months: summary.trend.map((m) => ({ month: m.month, partial: m.partial, commented: m.commented })),
    series: busiest.map((t) => ({ code: t.code, label: labelOf(t), share: summary.trend.map((m) => (m.commented ? Math.round(percent(m.mentions[t.code] ?? 0, m.commented) * 10) / 10 : null)) })),
  };
  const trendTable = summary.trend.map((m) => ({ month: m.month, partial: m.partial, commented: m.commented, cells: busiest.map((t) => m.mentions[t.code] ?? 0) }));
  return {
    rows,
    axis: { low: `−${axis}`, high: `+${axis}` },
    totals: { commented: summary.commented, scanned: summary.scanned, capped: summary.capped, ...summary.sentiment },
    trend,
    trendHeads: busiest.map(labelOf),
    trendTable,
  };
}
