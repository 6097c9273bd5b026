/**
 * The page's one low-sample statement in words (services/dashboard/sampleNote.ts
 * decides what is thin; this only says it).
 */
import type { SampleNote } from '../../services/dashboard/sampleNote';
import { channels } from '../../services/channels';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function sampleNoteLines(note: SampleNote | { thinIndicators: number; indicators: number; threshold: number } | undefined, t: T): string[] {
  if (!note) return [];
  if ('thinIndicators' in note) {
    return note.thinIndicators ? [t('trends.sample.indicators', { indicators: note.indicators, thin: note.thinIndicators, threshold: note.threshold })] : [];
  }
  const site = (code: string | null) => (code ? `${code} ` : '');
  const sep = t('audits.listSeparator');
  const lines: string[] = [];
  if (note.short.length) {
    const items = note.short.map((s) => t('trends.sample.shortItem', { site: site(s.siteCode), channel: t(channels.labelKey(s.channel, 'short')), n: s.n }));
    lines.push(t('trends.sample.short', { threshold: note.threshold, list: items.join(sep) }));
  }
  if (note.behindPlan.length) {
    const items = note.behindPlan.map((b) => t('trends.sample.behindItem', { site: site(b.siteCode), done: b.done, planned: b.planned }));
    lines.push(t('trends.sample.behind', { list: items.join(sep) }));
  }
  // Nothing thin: nothing said (a reassurance on every page would be noise again).
  return lines;
}
