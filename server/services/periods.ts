/**
 * Every named period (last 12 months, this month, last month, this quarter,
 * certification year …) is defined here and only here, as enterprise-local
 * calendar days (YYYY-MM-DD, both ends included). Pages, exports, reports,
 * audits and the API all take their default window from this module, so one
 * day shows one window everywhere.
 *
 * "The last 12 months" up to a day D runs from the day after D's date one
 * year earlier through D itself: on 2026-12-07 that is 2025-12-08 – 2026-12-07
 * (365 days; 366 when it spans 29 February). Today is included, so the figures
 * move as the day's responses arrive; an audit's default evidence period is the
 * same window ending on the audit date.
 */
import { addDays, addYears, daysInRange, isoWeekday } from './calendar';

export interface DayRange {
  from: string;
  to: string;
}

export const NAMED_PERIODS = ['last12', 'day', 'week', 'month', 'lastMonth', 'quarter', 'year', 'certificationYear'] as const;
export type NamedPeriod = (typeof NAMED_PERIODS)[number];

/** The last 12 months up to and including `end` (see the module comment). */
export function lastTwelveMonths(end: string): DayRange {
  return { from: addDays(addYears(end, -1), 1), to: end };
}

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The named period containing (or, for last12 and lastMonth, ending near) the day `at`. Weeks start on Monday (ISO). */
export function namedPeriod(period: NamedPeriod, at: string, certificationStart?: string): DayRange {
  const [y, m] = at.split('-').map(Number);
  switch (period) {
    case 'last12':
      return lastTwelveMonths(at);
    case 'day':
      return { from: at, to: at };
    case 'week': {
      const weekday = isoWeekday(at);
      return { from: addDays(at, -weekday), to: addDays(at, 6 - weekday) };
    }
    case 'month':
      return { from: iso(new Date(Date.UTC(y, m - 1, 1))), to: iso(new Date(Date.UTC(y, m, 0))) };
    case 'lastMonth':
      return { from: iso(new Date(Date.UTC(y, m - 2, 1))), to: iso(new Date(Date.UTC(y, m - 1, 0))) };
    case 'quarter': {
      const q = Math.floor((m - 1) / 3);
      return { from: iso(new Date(Date.UTC(y, q * 3, 1))), to: iso(new Date(Date.UTC(y, q * 3 + 3, 0))) };
    }
    case 'year':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case 'certificationYear': {
      // The certification year that contains `at`, starting on the project's anniversary.
      if (!certificationStart) throw new Error("certificationYear needs the project's certification start");
      const [, sm, sd] = certificationStart.split('-').map(Number);
      let start = iso(new Date(Date.UTC(y, sm - 1, sd)));
      if (start > at) start = iso(new Date(Date.UTC(y - 1, sm - 1, sd)));
      const [startY] = start.split('-').map(Number);
      return { from: start, to: addDays(iso(new Date(Date.UTC(startY + 1, sm - 1, sd))), -1) };
    }
  }
}

/** An audit's default evidence period: the last 12 months ending on its date, so on the audit day it matches every page. */
export function auditEvidencePeriod(auditDate: string): DayRange {
  return lastTwelveMonths(auditDate);
}

export type ComparisonKind = 'previous' | 'lastYear' | 'previousYear';

export interface ComparisonWindow extends DayRange {
  /** 'previous': the period just before; 'lastYear': the same days a year earlier; 'previousYear': both at once (a 12-month window). */
  kind: ComparisonKind;
}

/**
 * What a period is compared with: the period just before it (a named period's
 * predecessor — last month, last quarter — or, for any other window, as many
 * days just before it) and the same days one year earlier. For a 12-month
 * window the two coincide and are given once, as 'previousYear'.
 */
export function comparisonWindows(range: DayRange, period?: NamedPeriod, certificationStart?: string): ComparisonWindow[] {
  const named = period && period !== 'last12' && period !== 'lastMonth' ? period : undefined;
  const previous = named
    ? namedPeriod(named, addDays(range.from, -1), certificationStart)
    : { from: addDays(range.from, -daysInRange(range.from, range.to)), to: addDays(range.from, -1) };
  const lastYear = { from: addYears(range.from, -1), to: addYears(range.to, -1) };
  if (previous.from === lastYear.from && previous.to === lastYear.to) return [{ kind: 'previousYear', ...previous }];
  return [
    { kind: 'previous', ...previous },
    { kind: 'lastYear', ...lastYear },
  ];
}

/** Whether a period still has days to come on `today` (the current month or quarter): its figures are partial. */
export function isPartial(range: DayRange, today: string): boolean {
  return range.to > today && range.from <= today;
}
