/** Figures and labels as the call pages show them. */
import type { Figures } from '../../services/calls/progress';

export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
export const dec = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? '—' : x.toFixed(digits));

/** The figures of a site or total row, formatted; `progressValue` feeds a <progress> bar (capped at 100). */
export function figureRow(f: Figures) {
  return {
    ...f,
    progressText: pct(f.progress),
    progressValue: f.progress === null ? 0 : Math.min(100, Math.round(f.progress * 100)),
    responseRateText: pct(f.responseRate),
    contactRateText: pct(f.contactRate),
    refusalRateText: pct(f.refusalRate),
    attemptsPerCaseText: dec(f.attemptsPerCase),
  };
}
