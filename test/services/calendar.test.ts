import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addYears,
  atLocal,
  checkDay,
  dayOf,
  daysBetween,
  daysInRange,
  firstDayOfMonth,
  isDay,
  isoWeekday,
  isWeekend,
  lastDayOfMonth,
  localDayStart,
  localMinutes,
  localToday,
} from '../../server/services/calendar';

/** The day an IANA zone's wall clock shows at an instant, as the reference the fixed offsets must agree with. */
const zoneDay = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** The offset (minutes east of UTC) an IANA zone has at an instant. */
function zoneOffset(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

describe('days', () => {
  test('adding days crosses month ends, leap days and year ends', () => {
    expect(addDays('2024-01-31', 1)).toBe('2024-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-06-15', 0)).toBe('2024-06-15');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  test('adding days is unaffected by daylight-saving changes (2025-03-09 and 2025-11-02 in New York)', () => {
    expect(addDays('2025-03-08', 1)).toBe('2025-03-09');
    expect(addDays('2025-03-09', 1)).toBe('2025-03-10');
    expect(addDays('2025-11-01', 2)).toBe('2025-11-03');
    expect(daysBetween('2025-03-01', '2025-04-01')).toBe(31);
  });

  test('counts days between two days, and days in a range with both ends', () => {
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2025-02-01', '2025-03-01')).toBe(28);
    expect(daysBetween('2025-03-01', '2025-02-01')).toBe(-28);
    expect(daysInRange('2025-12-30', '2026-01-02')).toBe(4);
    expect(daysInRange('2025-01-01', '2025-12-31')).toBe(365);
    expect(daysInRange('2024-01-01', '2024-12-31')).toBe(366);
  });

  test('adding then subtracting the same number of days returns the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: -3000, max: 3000 }), (offset, n) => {
        const day = addDays('1990-01-01', offset);
        expect(addDays(addDays(day, n), -n)).toBe(day);
        expect(daysBetween(day, addDays(day, n))).toBe(n);
      }),
    );
  });

  test('rejects what is not a real day, naming the field, instead of rolling it into the next month', () => {
    expect(isDay('2024-02-29')).toBe(true);
    for (const bad of ['2025-02-29', '2025-02-30', '2025-13-01', '2025-1-01', 'yesterday', '', 20250101, null]) expect(isDay(bad)).toBe(false);
    expect(() => checkDay('2025-02-30', 'endsOn')).toThrow('endsOn: must be a date as YYYY-MM-DD');
    expect(() => addDays('2025-02-30', 1)).toThrow('date: must be a date as YYYY-MM-DD');
    expect(() => daysBetween('2025-01-01', 'soon')).toThrow('date: must be a date as YYYY-MM-DD');
  });

  test('ISO weekdays start on Monday; Saturday and Sunday are the weekend', () => {
    expect(isoWeekday('2026-12-07')).toBe(0); // a Monday
    expect(isoWeekday('2026-12-13')).toBe(6);
    expect(isWeekend('2026-12-12')).toBe(true);
    expect(isWeekend('2026-12-11')).toBe(false);
  });
});

describe('months and years', () => {
  test('month ends: 28, 29, 30 and 31 days', () => {
    expect(lastDayOfMonth('2025-02')).toBe('2025-02-28');
    expect(lastDayOfMonth('2024-02-10')).toBe('2024-02-29');
    expect(lastDayOfMonth('2000-02')).toBe('2000-02-29');
    expect(lastDayOfMonth('1900-02')).toBe('1900-02-28');
    expect(lastDayOfMonth('2025-04')).toBe('2025-04-30');
    expect(lastDayOfMonth('2025-12')).toBe('2025-12-31');
    expect(firstDayOfMonth('2025-12-31')).toBe('2025-12-01');
  });

  test('adding months crosses year ends both ways', () => {
    expect(addMonths('2025-11', 2)).toBe('2026-01');
    expect(addMonths('2026-01-31', -1)).toBe('2025-12');
    expect(addMonths('2025-03', -15)).toBe('2023-12');
  });

  test('a year later, 29 February becomes 28 February in a common year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2025-12-31', -1)).toBe('2024-12-31');
  });
});

describe('time zones as fixed offsets', () => {
  test('the local day at +480 is the day in Asia/Shanghai, which keeps UTC+8 all year', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const at = new Date(ms);
        expect(zoneOffset(at, 'Asia/Shanghai')).toBe(480);
        expect(dayOf(at, 480)).toBe(zoneDay(at, 'Asia/Shanghai'));
      }),
    );
  });

  test('a zone with daylight saving agrees at the offset it has at that instant (America/New_York, -300 in winter, -240 in summer)', () => {
    const winter = new Date('2025-01-15T04:30:00Z');
    const summer = new Date('2025-07-15T03:30:00Z');
    expect(zoneOffset(winter, 'America/New_York')).toBe(-300);
    expect(zoneOffset(summer, 'America/New_York')).toBe(-240);
    expect(dayOf(winter, -300)).toBe('2025-01-14');
    expect(dayOf(summer, -240)).toBe('2025-07-14');
    // A stored offset does not follow the clock change: the winter offset reads a summer instant an hour early.
    expect(dayOf(new Date('2025-07-15T04:30:00Z'), -300)).toBe('2025-07-14');
    expect(zoneDay(new Date('2025-07-15T04:30:00Z'), 'America/New_York')).toBe('2025-07-15');
  });

  test('the local day changes at local midnight, across a year end', () => {
    expect(dayOf('2025-12-31T15:59:59Z', 480)).toBe('2025-12-31');
    expect(dayOf('2025-12-31T16:00:00Z', 480)).toBe('2026-01-01');
    expect(dayOf('2024-02-29T16:30:00Z')).toBe('2024-03-01'); // default +480
    expect(localToday(480, new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(localDayStart('2026-01-01', 480)).toBe('2025-12-31T16:00:00.000Z');
    expect(localDayStart('2026-01-01', -300)).toBe('2026-01-01T05:00:00.000Z');
  });

  test('local minutes and local instants are each other’s inverse', () => {
    const at = atLocal('2025-03-01', 14 * 60 + 5, 480);
    expect(at.toISOString()).toBe('2025-03-01T06:05:00.000Z');
    expect(localMinutes(at, 480)).toBe(14 * 60 + 5);
    expect(dayOf(at, 480)).toBe('2025-03-01');
    expect(Number.isNaN(atLocal('2025-02-30', 0, 480).getTime())).toBe(true);
  });

  test('refuses an offset that is not whole minutes within ±14 h', () => {
    expect(() => dayOf('2025-01-01T00:00:00Z', 15 * 60)).toThrow('time-zone offset must be whole minutes within ±14 h');
    expect(() => dayOf('2025-01-01T00:00:00Z', 1.5)).toThrow('time-zone offset');
    expect(() => dayOf('not a time', 480)).toThrow('response time is not a valid date');
  });
});
