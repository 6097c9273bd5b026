/**
 * Where "low sample" (n < 30) shows: on an indicator by its own n, on a channel
 * score by the channel's responses, on CPSQ when a channel entering it is low.
 */
import { computeCpsq, MEASURE_COUNTERS, momentsOf, type IndicatorRollup, type MeasureRollup, type RollupDoc } from '../../server/services/scoring';
import type { Channel } from '../../server/services/templates/types';
import { cpsqCatalogue } from '../helpers/scoring';

const ind = (channel: Channel, indicator: string, values: number[]): IndicatorRollup => ({
  kind: 'ind',
  siteId: 's1',
  catalogue: 'cat@1',
  indicator,
  channel,
  day: '2024-03-01',
  ...momentsOf(values),
});
const msr = (channel: Channel, responses: number): MeasureRollup => ({
  ...(Object.fromEntries(MEASURE_COUNTERS.map((c) => [c, 0])) as Record<(typeof MEASURE_COUNTERS)[number], number>),
  responses,
  kind: 'msr',
  siteId: 's1',
  channel,
  day: '2024-03-01',
});

const many = (n: number, score: number) => Array.from({ length: n }, (_, i) => score + (i % 2 ? 10 : -10));

test('216 survey responses with a skip-branch indicator answered 12 times: only that indicator is low', () => {
  const rows: RollupDoc[] = [ind('survey', 'I1', many(216, 80)), ind('survey', 'I2', many(12, 60)), msr('survey', 216)];
  const r = computeCpsq(rows, cpsqCatalogue);
  expect(r.channels.survey.indicators.I2!.lowSample).toBe(true);
  expect(r.channels.survey.indicators.I1!.lowSample).toBe(false);
  expect(r.channels.survey).toMatchObject({ responses: 216, lowSample: false });
  expect(r.cpsq.lowSample).toBe(false);
});

test('a channel of 12 visits is low, and so is the CPSQ it enters', () => {
  const rows: RollupDoc[] = [ind('survey', 'I1', many(216, 80)), msr('survey', 216), ind('mystery', 'I1', many(12, 70)), msr('mystery', 12)];
  const r = computeCpsq(rows, cpsqCatalogue);
  expect(r.channels.survey.lowSample).toBe(false);
  expect(r.channels.mystery).toMatchObject({ responses: 12, lowSample: true });
  expect(r.cpsq.lowSample).toBe(true);
});

test('a channel without data is not called low: it does not enter the CPSQ', () => {
  const r = computeCpsq([ind('survey', 'I1', many(40, 80)), msr('survey', 40)], cpsqCatalogue);
  expect(r.channels.call).toMatchObject({ score: null, lowSample: false });
  expect(r.cpsq.lowSample).toBe(false);
});
