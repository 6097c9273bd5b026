/**
 * A change between periods in a manager's words: "较上期 −6.2（区间 −9.8 至
 * −2.6）· 显著下降". Magnitudes follow the display rule (cut, never rounded
 * up); the sign is written out. The browser builds the same line
 * (client/js/dashboard-format.js changeLine).
 */
import type { Change } from '../../services/dashboard/changes';
import { cutFixed } from '../figures';

type T = (key: string, vars?: Record<string, unknown>) => string;

/** "+6.2", "−6.2", "0.0": the magnitude cut to one decimal, the sign in front. */
export function signed(value: number): string {
  const magnitude = cutFixed(Math.abs(value));
  if (Number(magnitude) === 0) return magnitude;
  return `${value < 0 ? '−' : '+'}${magnitude}`;
}

export function verdictOf(change: Pick<Change, 'change' | 'significant'>): 'up' | 'down' | 'same' | 'unknown' | 'noBaseline' {
  if (change.change === null) return 'noBaseline';
  if (change.significant === null) return 'unknown';
  if (!change.significant) return 'same';
  return change.change > 0 ? 'up' : 'down';
}

export function changeLine(change: Change, t: T): string {
  const label = t(`trends.compare.${change.kind}`);
  const verdict = t(`trends.verdict.${verdictOf(change)}`);
  if (change.change === null) return `${label} · ${verdict}`;
  const interval = change.ci ? t('trends.interval', { lo: signed(change.ci[0]), hi: signed(change.ci[1]) }) : '';
  return `${label} ${signed(change.change)}${interval} · ${verdict}`;
}

/** CSS classes: a significant change is coloured by direction, the rest stays grey. */
export function changeClass(change: Pick<Change, 'change' | 'significant'>): string {
  return `chg chg-${verdictOf(change)}`;
}
