import fc from 'fast-check';
import {
  applyIncrements,
  emptyRollup,
  mergeRollups,
  negateIncrements,
  type ResponseContribution,
  type Rollup,
  type RollupIncrement,
  rollupIncrements,
  type ScoringResponse,
} from '../../server/services/scoring';
import type { Channel, TemplateContent } from '../../server/services/templates/types';
import { dayOf } from '../../server/services/calendar';

const text = { 'zh-CN': '文', en: 'text' };
const content = (channel: Channel): TemplateContent => ({
  channel,
  name: text,
  catalogue: { code: 'sbt10401-27', version: '2011.1' },
  sections: [],
});
const resp = (channel: Channel, siteId: string, at: string): ScoringResponse => ({ content: content(channel), answers: {}, siteId, at });

describe('rollupIncrements: keys and fields', () => {
  const contribution: ResponseContribution = {
    indicators: { 'B.1': 75, 'A.2': 200 / 3 },
    overall: 100,
    csatSatisfied: true,
    nps: 'promoter',
    npsRaw: 9,
    effort: 50,
  };
  const incs = rollupIncrements(resp('survey', 's1', '2024-02-29T16:30:00Z'), contribution);

  test('one document per indicator (sorted) plus one measure document', () => {
    // 16:30 UTC + 8 h = 00:30 on 1 March in China
    expect(incs.map((i) => i.key)).toEqual([
      'ind|s1|sbt10401-27@2011.1|A.2|survey|2024-03-01',
      'ind|s1|sbt10401-27@2011.1|B.1|survey|2024-03-01',
      'msr|s1|survey|2024-03-01',
    ]);
    expect(incs[0].fields).toEqual({ kind: 'ind', siteId: 's1', catalogue: 'sbt10401-27@2011.1', indicator: 'A.2', channel: 'survey', day: '2024-03-01' });
    // 66.666… enters as round(66666.67) = 66667 thousandths; sumSq = 66667² = 4444488889
    expect(incs[0].inc).toEqual({ n: 1, sum: 66_667, sumSq: 4_444_488_889 });
    expect(incs[1].inc).toEqual({ n: 1, sum: 75_000, sumSq: 5_625_000_000 });
  });

  test('the measure document carries every counter', () => {
    expect(incs[2].fields).toEqual({ kind: 'msr', siteId: 's1', channel: 'survey', day: '2024-03-01' });
    // prettier-ignore
    expect(incs[2].inc).toEqual({
      responses: 1,
      overallN: 1, overallSum: 100_000, overallSumSq: 10_000_000_000,
      csatN: 1, csatSatisfied: 1,
      npsPromoters: 1, npsPassives: 0, npsDetractors: 0,
      effortN: 1, effortSum: 50_000, effortSumSq: 2_500_000_000,
      visits: 0, visitsFailed: 0,
      visitScoreN: 0, visitScoreSum: 0, visitScoreSumSq: 0,
    });
  });

  test('mystery visits count visits, failures and the visit score', () => {
    const [msr] = rollupIncrements(resp('mystery', 's1', '2024-03-01T00:00:00Z'), { indicators: {}, visitScore: 0, visitFailed: true });
    expect(msr.inc).toMatchObject({ visits: 1, visitsFailed: 1, visitScoreN: 1, visitScoreSum: 0 });
  });

  test('the day follows the time-zone offset', () => {
    expect(dayOf('2024-02-29T16:30:00Z')).toBe('2024-03-01'); // default +480
    expect(dayOf('2024-02-29T16:30:00Z', 0)).toBe('2024-02-29');
    expect(dayOf(new Date('2024-03-01T01:00:00Z'), -120)).toBe('2024-02-29');
  });

  test('key parts are escaped so that a "|" in an id cannot collide', () => {
    const [msr] = rollupIncrements(resp('call', 'a|b%', '2024-03-01T00:00:00Z'), { indicators: {} });
    expect(msr.key).toBe('msr|a%7Cb%25|call|2024-03-01');
    expect(msr.fields.siteId).toBe('a|b%');
  });

  test('negated increments undo a response exactly', () => {
    const applied = applyIncrements(emptyRollup(), incs);
    const undone = applyIncrements(applied, negateIncrements(incs));
    for (const doc of Object.values(undone)) {
      const counters = Object.entries(doc).filter(([, v]) => typeof v === 'number');
      expect(counters.every(([, v]) => v === 0)).toBe(true);
    }
  });
});

// Property tests. Values are drawn as arbitrary doubles in 0–100 (fractions like
// 66.666… included): because every value enters in fixed point (integer
// thousandths) and every counter is an integer sum below 2^53, addition is exact,
// so any order or grouping of increments must give bit-identical rollups.
const channelArb = fc.constantFrom<Channel>('survey', 'call', 'mystery');
const valueArb = fc.double({ min: 0, max: 100, noNaN: true });
const contributionArb: fc.Arbitrary<ResponseContribution> = fc.record(
  {
    indicators: fc.dictionary(fc.constantFrom('I1', 'I2', 'I3'), valueArb),
    overall: valueArb,
    csatSatisfied: fc.boolean(),
    nps: fc.constantFrom('promoter' as const, 'passive' as const, 'detractor' as const),
    effort: valueArb,
    visitScore: valueArb,
    visitFailed: fc.boolean(),
  },
  { requiredKeys: ['indicators'] },
);
const responseIncsArb: fc.Arbitrary<RollupIncrement[]> = fc
  .tuple(channelArb, fc.constantFrom('s1', 's2'), fc.constantFrom('2024-03-01T03:00:00Z', '2024-03-02T03:00:00Z'), contributionArb)
  .map(([channel, site, at, c]) => rollupIncrements(resp(channel, site, at), c));
const rollupArb: fc.Arbitrary<Rollup> = fc.array(responseIncsArb, { maxLength: 8 }).map((list) => applyIncrements(emptyRollup(), list.flat()));

describe('rollup algebra (fast-check)', () => {
  test('merge is commutative', () => {
    fc.assert(fc.property(rollupArb, rollupArb, (a, b) => expect(mergeRollups(a, b)).toEqual(mergeRollups(b, a))));
  });

  test('merge is associative, and the empty rollup is its identity', () => {
    fc.assert(
      fc.property(rollupArb, rollupArb, rollupArb, (a, b, c) => {
        expect(mergeRollups(mergeRollups(a, b), c)).toEqual(mergeRollups(a, mergeRollups(b, c)));
        expect(mergeRollups(a, emptyRollup())).toEqual(a);
      }),
    );
  });

  test('the order of increments does not change the result, nor does splitting and merging', () => {
    fc.assert(
      fc.property(
        fc
          .array(responseIncsArb, { minLength: 1, maxLength: 12 })
          .chain((list) => fc.tuple(fc.constant(list.flat()), fc.shuffledSubarray(list.flat(), { minLength: list.flat().length }), fc.nat())),
        ([incs, shuffled, cut]) => {
          const inOrder = applyIncrements(emptyRollup(), incs);
          expect(applyIncrements(emptyRollup(), shuffled)).toEqual(inOrder);
          const k = cut % (shuffled.length + 1);
          const split = mergeRollups(applyIncrements(emptyRollup(), shuffled.slice(k)), applyIncrements(emptyRollup(), shuffled.slice(0, k)));
          expect(split).toEqual(inOrder);
          for (const doc of Object.values(inOrder)) {
            for (const v of Object.values(doc)) if (typeof v === 'number') expect(Number.isSafeInteger(v)).toBe(true);
          }
        },
      ),
    );
  });
});
