/**
 * What an honest trend and a fair comparison rest on, against hand-computed
 * values: the comparison periods, the partial month, the fitted axis, the
 * window SD a single-response month borrows, and the low-sample note that
 * weighs mystery visits against their plan.
 */
import { comparisonWindows, isPartial } from '../../server/services/periods';
import { axisTicks, axisX, fitAxis } from '../../server/services/dashboard/axis';
import { plannedVisits, sampleNoteOf } from '../../server/services/dashboard/sampleNote';
import { restsOnSingleResponses, windowSds } from '../../server/services/dashboard/trend';
import { computeCpsq, momentsOf, type IndicatorRollup, type RollupDoc } from '../../server/services/scoring';
import type { Channel } from '../../server/services/templates/types';
import { cpsqCatalogue } from '../helpers/scoring';

const ind = (channel: Channel, indicator: string, values: number[], siteId = 's1', day = '2026-11'): IndicatorRollup => ({
  kind: 'ind',
  siteId,
  catalogue: 'cat@1',
  indicator,
  channel,
  day,
  ...momentsOf(values),
});

describe('comparison periods', () => {
  test('a month is compared with the month before and with the same month a year earlier', () => {
    expect(comparisonWindows({ from: '2026-12-01', to: '2026-12-31' }, 'month')).toEqual([
      { kind: 'previous', from: '2026-11-01', to: '2026-11-30' },
      { kind: 'lastYear', from: '2025-12-01', to: '2025-12-31' },
    ]);
  });

  test('a quarter is compared with the quarter before (across a year end)', () => {
    expect(comparisonWindows({ from: '2026-01-01', to: '2026-03-31' }, 'quarter')[0]).toEqual({ kind: 'previous', from: '2025-10-01', to: '2025-12-31' });
  });

  test('the last 12 months have one comparison: the 12 months before, which are also last year', () => {
    expect(comparisonWindows({ from: '2025-12-08', to: '2026-12-07' }, 'last12')).toEqual([{ kind: 'previousYear', from: '2024-12-08', to: '2025-12-07' }]);
  });

  test('a free window is compared with as many days just before it', () => {
    expect(comparisonWindows({ from: '2026-03-01', to: '2026-03-10' })[0]).toEqual({ kind: 'previous', from: '2026-02-19', to: '2026-02-28' });
  });

  test('a period is partial while it has days to come, and complete once its last day is past or today', () => {
    expect(isPartial({ from: '2026-12-01', to: '2026-12-31' }, '2026-12-07')).toBe(true);
    expect(isPartial({ from: '2026-11-01', to: '2026-11-30' }, '2026-12-07')).toBe(false);
    expect(isPartial({ from: '2026-12-01', to: '2026-12-07' }, '2026-12-07')).toBe(false);
  });
});

describe('the fitted axis', () => {
  test('fits scores between 65 and 85 with padding, rounded out to steps of 5', () => {
    // 66.2 … 84.1 padded by 5% of 17.9 (0.895) → 65.3 … 85.0 → [65, 90].
    expect(fitAxis([70, 66.2, 84.1, 80])).toEqual({ min: 65, max: 90, step: 5 });
  });

  test('widens a narrow range to 10 points and clamps to 0–100', () => {
    expect(fitAxis([98, 99])).toEqual({ min: 90, max: 100, step: 5 });
    expect(fitAxis([1, 2])).toEqual({ min: 0, max: 10, step: 5 });
  });

  test('uses steps of 10 for a wide range and falls back to 0–100 without values', () => {
    expect(fitAxis([20, 90])).toEqual({ min: 10, max: 100, step: 10 });
    expect(fitAxis([null, undefined])).toEqual({ min: 0, max: 100, step: 10 });
  });

  test('places values on the drawn width and lists the ticks', () => {
    const axis = { min: 60, max: 90, step: 10 };
    expect(axisX(75, axis, 300)).toBe(150);
    expect(axisX(40, axis, 300)).toBe(0);
    expect(axisTicks(axis)).toEqual([60, 70, 80, 90]);
  });
});

describe('a month resting on one mystery visit', () => {
  const window: RollupDoc[] = [ind('mystery', 'I1', [60, 100], 's1', '2026-10'), ind('mystery', 'I1', [100], 's1', '2026-11')];

  test('the window SD pools every month of the channel × indicator', () => {
    // 60, 100, 100: mean 86.667, SD² = (26.667² + 13.333² + 13.333²)/2 = 533.33, SD 23.094.
    expect(windowSds(window).mystery!.I1).toBeCloseTo(23.094, 3);
  });

  test('a single response in some site × channel × indicator is detected', () => {
    expect(restsOnSingleResponses([window[1]])).toBe(true);
    expect(restsOnSingleResponses([window[0]])).toBe(false);
  });

  test('the borrowed SD gives the composite an interval where it had none', () => {
    // The scoring.md example plus one mystery visit of 100 on I1, with SD 20 borrowed:
    // Var(S(mystery)) = 400; Var(CPSQ) = 0.16·64 + 0.09·100 + 0.09·400 = 55.24 → 82.8 ± 14.5674.
    const rows: RollupDoc[] = [ind('survey', 'I1', [60, 80, 100]), ind('survey', 'I2', [50, 70]), ind('call', 'I1', [90, 70]), ind('mystery', 'I1', [100])];
    expect(computeCpsq(rows, cpsqCatalogue).cpsq.ci).toBeNull();
    const r = computeCpsq(rows, cpsqCatalogue, { singleResponseSd: { mystery: { I1: 20 } } });
    expect(r.cpsq.score).toBeCloseTo(82.8, 10);
    expect(r.cpsq.variance).toBeCloseTo(55.24, 9);
    expect(r.cpsq.ciUnclipped![0]).toBeCloseTo(82.8 - 14.56742, 4);
    expect(r.cpsq.ciUnclipped![1]).toBeCloseTo(82.8 + 14.56742, 4);
  });
});

describe('the low-sample note', () => {
  test("planned visits count each plan's share of the period so far, rounded down", () => {
    // 12 visits over 2026 (365 days); the period 2026-12-01…31 on 2026-12-07 covers 7 days → 12·7/365 = 0.23 → 0.
    // A December plan of 4 visits over 31 days, 7 days so far → 0.90 → 0; by the 8th → 1.03 → 1.
    const plans = [
      { siteCode: 'BJ01', from: '2026-01-01', to: '2026-12-31', visits: 12 },
      { siteCode: 'SH01', from: '2026-12-01', to: '2026-12-31', visits: 4 },
    ];
    expect(plannedVisits(plans, { from: '2026-12-01', to: '2026-12-31' }, '2026-12-07')).toEqual(
      new Map([
        ['BJ01', 0],
        ['SH01', 0],
      ]),
    );
    expect(plannedVisits(plans, { from: '2026-12-01', to: '2026-12-31' }, '2026-12-08').get('SH01')).toBe(1);
    // The whole year: 12 for BJ01.
    expect(plannedVisits(plans, { from: '2026-01-01', to: '2026-12-31' }, '2027-01-05').get('BJ01')).toBe(12);
  });

  test('mystery visits are judged against the plan, never against 30; surveys and calls against 30', () => {
    const note = sampleNoteOf(
      [
        { siteCode: 'BJ01', responses: { survey: 120, call: 12, mystery: 12 } },
        { siteCode: 'SH01', responses: { survey: 29, call: 0, mystery: 7 } },
      ],
      new Map([
        ['BJ01', 12],
        ['SH01', 11],
      ]),
    );
    expect(note.short).toEqual([
      { siteCode: 'BJ01', channel: 'call', n: 12 },
      { siteCode: 'SH01', channel: 'survey', n: 29 },
    ]);
    expect(note.behindPlan).toEqual([{ siteCode: 'SH01', done: 7, planned: 11 }]);
  });

  test('the whole scope weighs its visits against every plan in it', () => {
    const note = sampleNoteOf(
      [{ siteCode: null, responses: { survey: 300, call: 90, mystery: 20 } }],
      new Map([
        ['BJ01', 12],
        ['SH01', 11],
      ]),
    );
    expect(note.behindPlan).toEqual([{ siteCode: null, done: 20, planned: 23 }]);
    expect(note.short).toEqual([]);
  });
});
