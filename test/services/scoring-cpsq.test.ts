import { ValidationError } from '../../server/errors';
import {
  computeCpsq,
  type IndicatorRollup,
  MEASURE_COUNTERS,
  type MeasureRollup,
  momentsOf,
  perceivedScores,
  type RollupDoc,
} from '../../server/services/scoring';
import type { Channel } from '../../server/services/templates/types';
import { cpsqCatalogue } from '../helpers/scoring';

// The worked example's tree: L1 (10) → IT1 (10) → I1 (6), I2 (4); L2 (5) → I3 (5) directly.
const catalogue = cpsqCatalogue;

const ind = (channel: Channel, indicator: string, values: number[], siteId = 's1'): IndicatorRollup => ({
  kind: 'ind',
  siteId,
  catalogue: 'cat@1',
  indicator,
  channel,
  day: '2024-03-01',
  ...momentsOf(values),
});
const msr = (channel: Channel, counts: Partial<MeasureRollup>, siteId = 's1'): MeasureRollup => ({
  ...(Object.fromEntries(MEASURE_COUNTERS.map((c) => [c, 0])) as Record<(typeof MEASURE_COUNTERS)[number], number>),
  ...counts,
  kind: 'msr',
  siteId,
  channel,
  day: '2024-03-01',
});

// Survey: I1 60, 80, 100 → 80, Var = 400/3; I2 50, 70 → 60, Var = 200/2 = 100.
// Call:   I1 90, 70 → 80, Var = 100. Mystery: no data.
const rows: RollupDoc[] = [
  ind('survey', 'I1', [60, 80, 100]),
  ind('survey', 'I2', [50, 70]),
  ind('call', 'I1', [90, 70]),
  msr('survey', { responses: 3 }),
  msr('call', { responses: 2 }),
];

describe('computeCpsq: the worked example of docs/scoring.md §3', () => {
  const r = computeCpsq(rows, catalogue);

  test('S(c,i) per channel and indicator with n, SD, low sample', () => {
    expect(r.channels.survey.indicators.I1).toMatchObject({ score: 80, n: 3, sd: 20, lowSample: true });
    expect(r.channels.survey.indicators.I1.variance).toBeCloseTo(400 / 3, 9);
    expect(r.channels.survey.indicators.I2).toMatchObject({ score: 60, n: 2, variance: 100 });
  });

  test('channel score weighted by maximum points, with its CI', () => {
    // S(survey) = (6·80 + 4·60)/(6 + 4) = 72; Var = (36·400/3 + 16·100)/10² = 64 → SE 8, CI 72 ± 15.68
    expect(r.channels.survey.score).toBeCloseTo(72, 10);
    expect(r.channels.survey.variance).toBeCloseTo(64, 9);
    expect(r.channels.survey.ci?.[0]).toBeCloseTo(56.32, 9);
    expect(r.channels.survey.ci?.[1]).toBeCloseTo(87.68, 9);
    expect(r.channels.survey.responses).toBe(3);
    // S(call) = 80 (only I1), Var = 6²·100/6² = 100
    expect(r.channels.call.score).toBe(80);
    expect(r.channels.call.variance).toBeCloseTo(100, 9);
    expect(r.channels.mystery.score).toBeNull();
  });

  test('a missing channel is dropped and the weights renormalised: 0.4/0.7 and 0.3/0.7', () => {
    expect(r.droppedChannels).toEqual(['mystery']);
    expect(r.effectiveWeights.survey).toBeCloseTo(4 / 7, 12);
    expect(r.effectiveWeights.call).toBeCloseTo(3 / 7, 12);
    expect(r.effectiveWeights.mystery).toBeUndefined();
    expect(r.cpsq.method).toContain('Dropped for lack of data: mystery');
  });

  test('CPSQ and the CI of the composite', () => {
    // CPSQ = (0.4·72 + 0.3·80)/0.7 = 52.8/0.7 = 75.428571
    // Var = (0.4²·64 + 0.3²·100)/0.7² = 19.24/0.49 = 39.265306 → SE 6.266203, CI ± 12.281759
    expect(r.cpsq.score).toBeCloseTo(75.428571, 5);
    expect(r.cpsq.variance).toBeCloseTo(39.265306, 5);
    expect(r.cpsq.ci?.[0]).toBeCloseTo(63.146813, 5);
    expect(r.cpsq.ci?.[1]).toBeCloseTo(87.71033, 5);
    expect(r.cpsq.method).toContain('Correlation between indicators is ignored.');
    expect(r.channels.survey.method).toContain('Correlation between indicators is ignored.');
  });

  test('perceived indicator scores P(i) over the channels with data for i', () => {
    // P(I1) = (0.4·80 + 0.3·80)/0.7 = 80; Var = (0.16·400/3 + 0.09·100)/0.49 = 61.904762
    expect(r.perceived.I1.score).toBeCloseTo(80, 10);
    expect(r.perceived.I1.variance).toBeCloseTo(61.904762, 5);
    expect(r.perceived.I1.channels).toEqual(['survey', 'call']);
    // P(I2) = 60 from the survey alone
    expect(r.perceived.I2).toMatchObject({ score: 60, variance: 100, channels: ['survey'] });
    expect(r.perceived.I3.score).toBeNull();
    expect(perceivedScores(r)).toEqual({ I1: expect.closeTo(80, 10), I2: 60 });
  });

  test('item and level scores roll P(i) up the tree by maximum points', () => {
    // IT1 = (6·80 + 4·60)/10 = 72; Var = (36·61.904762 + 16·100)/100 = 38.285714
    expect(r.nodes.IT1.score).toBeCloseTo(72, 10);
    expect(r.nodes.IT1.variance).toBeCloseTo(38.285714, 5);
    expect(r.nodes.L1.score).toBeCloseTo(72, 10);
    expect(r.nodes.L2.score).toBeNull(); // level → indicator directly, no data
  });

  test('gate by point estimate or by lower CI bound', () => {
    expect(r.gate).toMatchObject({ target: 80, rule: 'point', passed: false });
    expect(computeCpsq(rows, catalogue, { target: 70 }).gate.passed).toBe(true);
    // lower bound 63.15 < 70, ≥ 60
    expect(computeCpsq(rows, catalogue, { target: 70, gateRule: 'lowerBound' }).gate.passed).toBe(false);
    expect(computeCpsq(rows, catalogue, { target: 60, gateRule: 'lowerBound' }).gate.passed).toBe(true);
  });
});

describe('computeCpsq: settings and edge cases', () => {
  test('an indicator with n = 1 gives a score but a null CI, never a falsely narrow one', () => {
    const r = computeCpsq([...rows, ind('mystery', 'I1', [100])], catalogue);
    // CPSQ = 0.4·72 + 0.3·80 + 0.3·100 = 82.8
    expect(r.cpsq.score).toBeCloseTo(82.8, 10);
    expect(r.channels.mystery).toMatchObject({ score: 100, variance: null, ci: null });
    expect(r.cpsq.ci).toBeNull();
    expect(r.cpsq.method).toContain('No CI');
    // P(I1) = 0.4·80 + 0.3·80 + 0.3·100 = 86
    expect(r.perceived.I1).toMatchObject({ ci: null });
    expect(r.perceived.I1.score).toBeCloseTo(86, 10);
    // the lower-bound gate cannot be established
    expect(computeCpsq([...rows, ind('mystery', 'I1', [100])], catalogue, { target: 50, gateRule: 'lowerBound' }).gate.passed).toBe(false);
  });

  test('channel weights are configurable and validated (≥ 0, sum 1) naming channelWeights', () => {
    const r = computeCpsq(rows, catalogue, { channelWeights: { survey: 0.5, call: 0.5 } });
    expect(r.cpsq.score).toBeCloseTo(76, 10); // (72 + 80)/2
    expect(r.droppedChannels).toEqual([]); // mystery weighs 0: not "dropped"
    for (const bad of [{ survey: 0.5, call: 0.3, mystery: 0.3 }, { survey: 1.2, call: -0.2 }, { web: 1 }]) {
      expect(() => computeCpsq(rows, catalogue, { channelWeights: bad as never })).toThrow(expect.objectContaining({ field: 'channelWeights' }));
      expect(() => computeCpsq(rows, catalogue, { channelWeights: bad as never })).toThrow(ValidationError);
    }
  });

  test('indicator weights override maximum points', () => {
    const r = computeCpsq(rows, catalogue, { indicatorWeights: { I1: 1, I2: 1 } });
    // (80 + 60)/2 = 70; Var = (400/3 + 100)/4 = 58.333…
    expect(r.channels.survey.score).toBe(70);
    expect(r.channels.survey.variance).toBeCloseTo(175 / 3, 9);
  });

  test('no data at all: null CPSQ, all channels dropped, gate not passed', () => {
    const r = computeCpsq([], catalogue);
    expect(r.cpsq.score).toBeNull();
    expect(r.droppedChannels).toEqual(['survey', 'call', 'mystery']);
    expect(r.gate.passed).toBe(false);
  });

  test('rows of another catalogue version and unknown indicators are left out and reported', () => {
    const r = computeCpsq([...rows, { ...ind('survey', 'I1', [0]), catalogue: 'cat@2' }, ind('survey', 'X9', [0])], catalogue);
    expect(r.channels.survey.indicators.I1.n).toBe(3);
    expect(r.ignoredRows).toBe(1);
    expect(r.unknownIndicators).toEqual(['X9']);
  });

  test('enterprise: sites pooled (moments add) versus sites weighted equally', () => {
    // Site A: 60, 80 → 70, Var = 200/2 = 100. Site B: 90, 100, 80 → 90, Var = 100/3.
    const two = [ind('survey', 'I1', [60, 80], 'A'), ind('survey', 'I1', [90, 100, 80], 'B')];
    const pooled = computeCpsq(two, catalogue).channels.survey.indicators.I1;
    // Pooled: 60, 80, 90, 100, 80 → 410/5 = 82; SD² = (22² + 2² + 8² + 18² + 2²)/4 = 880/4 = 220; Var = 44
    // CI = 82 ± t(0.975, 4)·√44 = 82 ± 2.776445·6.633250 = 82 ± 18.416853
    expect(pooled).toMatchObject({ score: 82, n: 5, sd: Math.sqrt(220) });
    expect(pooled.variance).toBeCloseTo(44, 9);
    expect(pooled.ciUnclipped?.[0]).toBeCloseTo(63.583147, 5);
    const equal = computeCpsq(two, catalogue, { siteWeighting: 'equal' }).channels.survey.indicators.I1;
    // Equal: (70 + 90)/2 = 80; Var = (100 + 100/3)/2² = 33.333; CI = 80 ± 1.96·5.773503 = 80 ± 11.316065
    expect(equal.score).toBe(80);
    expect(equal.variance).toBeCloseTo(100 / 3, 9);
    expect(equal.ci?.[0]).toBeCloseTo(68.683935, 5);
    expect(equal.n).toBe(5);
  });
});

describe('familiar measures', () => {
  test('NPS = %promoters − %detractors with its margin of error; CSAT %', () => {
    const r = computeCpsq([msr('survey', { responses: 10, npsPromoters: 5, npsPassives: 3, npsDetractors: 2, csatN: 10, csatSatisfied: 8 })], catalogue);
    // NPS = 50 − 20 = 30; MoE = 1.96·100·√((0.5 + 0.2 − 0.3²)/10) = 196·√0.061 = 48.408429
    expect(r.measures.nps.score).toBeCloseTo(30, 10);
    expect(r.measures.nps.marginOfError).toBeCloseTo(48.408429, 5);
    // CSAT = 8/10 = 80 %; MoE = 196·√(0.8·0.2/10) = 196·√0.016 = 24.792257
    expect(r.measures.csat.percent).toBeCloseTo(80, 10);
    expect(r.measures.csat.marginOfError).toBeCloseTo(24.792257, 5);
    expect(r.measures.responses).toBe(10);
  });

  test('NPS with sites weighted equally: mean of site NPS, Var = Σ Var/k²', () => {
    const sites = [
      msr('survey', { npsPromoters: 4, npsDetractors: 1 }, 'A'), // NPS 60; Var = 100²·(1 − 0.6²)/5 = 1280
      msr('survey', { npsPromoters: 1, npsPassives: 3, npsDetractors: 1 }, 'B'), // NPS 0; Var = 100²·0.4/5 = 800
    ];
    const r = computeCpsq(sites, catalogue, { siteWeighting: 'equal' });
    // (60 + 0)/2 = 30; Var = (1280 + 800)/4 = 520; MoE = 1.96·√520 = 44.694877
    expect(r.measures.nps.score).toBeCloseTo(30, 10);
    expect(r.measures.nps.marginOfError).toBeCloseTo(44.694877, 5);
  });

  test('ACSI-style index, effort and visits', () => {
    const m = (v: number[]) => momentsOf(v);
    const o = m([100, 50]);
    const v = m([0, 100]);
    const r = computeCpsq(
      [
        msr('mystery', {
          responses: 2,
          overallN: o.n,
          overallSum: o.sum,
          overallSumSq: o.sumSq,
          visits: 2,
          visitsFailed: 1,
          visitScoreN: v.n,
          visitScoreSum: v.sum,
          visitScoreSumSq: v.sumSq,
        }),
      ],
      catalogue,
    );
    expect(r.measures.acsi.score).toBe(75); // (100 + 50)/2
    expect(r.measures.visits).toMatchObject({ visits: 2, failed: 1, failedPercent: 50 });
    expect(r.measures.visits.score.score).toBe(50);
    expect(r.measures.effort.score).toBeNull();
  });
});
