import {
  applyIncrements,
  auditSite,
  computeCpsq,
  contributionOf,
  emptyRollup,
  perceivedScores,
  rollupIncrements,
  type ScoringResponse,
} from '../../server/services/scoring';
import type { Answers, TemplateContent } from '../../server/services/templates/types';
import { cpsqCatalogue } from '../helpers/scoring';

const t = { 'zh-CN': '文', en: 'text' };
const catalogue = cpsqCatalogue;
const survey: TemplateContent = {
  channel: 'survey',
  name: t,
  catalogue: { code: 'cat', version: '1' },
  sections: [
    {
      id: 's',
      title: t,
      questions: [
        { id: 'q1', type: 'rating', scale: 5, indicator: 'I1', prompt: t, required: true },
        { id: 'q2', type: 'checklist', indicator: 'I2', prompt: t, required: true },
        { id: 'q3', type: 'rating', scale: 5, role: 'overall', prompt: t, required: true },
      ],
    },
  ],
};
const answers: Answers[] = [
  { q1: 5, q2: 'yes', q3: 5 }, // I1 100, I2 100, overall 100
  { q1: 3, q2: 'no', q3: 4 }, //  I1 50,  I2 0,   overall 75
  { q1: 4, q2: 'na', q3: 2 }, //  I1 75,  I2 —,   overall 25
];
// Two days in China time: 23:30 UTC on 1 March is 07:30 on 2 March at +8.
const times = ['2024-03-01T01:00:00Z', '2024-03-01T09:00:00Z', '2024-03-01T23:30:00Z'];
const responses: ScoringResponse[] = answers.map((a, i) => ({ content: survey, answers: a, siteId: 's1', at: times[i] }));

describe('from responses to an audit score', () => {
  const incs = responses.flatMap((r) => rollupIncrements(r, contributionOf(r)));
  const rows = Object.values(applyIncrements(emptyRollup(), incs));
  const result = computeCpsq(rows, catalogue);

  test('rollups per day at +8 h', () => {
    expect(
      rows
        .filter((r) => r.kind === 'msr')
        .map((r) => r.day)
        .sort(),
    ).toEqual(['2024-03-01', '2024-03-02']);
  });

  test('CPSQ and familiar measures', () => {
    // I1 = (100 + 50 + 75)/3 = 75; I2 = (100 + 0)/2 = 50 (N/A left out)
    expect(result.channels.survey.indicators.I1.score).toBe(75);
    expect(result.channels.survey.indicators.I2.score).toBe(50);
    // S(survey) = (6·75 + 4·50)/10 = 65; the only channel with data → CPSQ = 65
    expect(result.cpsq.score).toBe(65);
    expect(result.effectiveWeights).toEqual({ survey: 1 });
    expect(result.droppedChannels).toEqual(['call', 'mystery']);
    // CSAT: 5 and 4 satisfied, 2 not → 2/3; ACSI-style: (100 + 75 + 25)/3 = 66.667
    expect(result.measures.csat.percent).toBeCloseTo(200 / 3, 10);
    expect(result.measures.acsi.score).toBeCloseTo(200 / 3, 10);
    expect(result.measures.responses).toBe(3);
  });

  test('the rollup built in reverse order gives the same scores', () => {
    const reversed = Object.values(applyIncrements(emptyRollup(), [...incs].reverse()));
    expect(computeCpsq(reversed, catalogue)).toEqual(result);
  });

  test('P(i) feeds the audit', () => {
    const audit = auditSite({
      catalogue,
      perceived: perceivedScores(result),
      onsite: { I2: { status: 'met' }, I3: { status: 'met' } },
    });
    // I1 perceived: 6·75/100 = 4.5; I2 both: 4·(1 + 0.5)/2 = 3; I3 onsite: 5 → 12.5/15 = 83.333 → three stars
    expect(audit.score).toBeCloseTo(250 / 3, 5);
    expect(audit.level).toBe('three');
  });
});
