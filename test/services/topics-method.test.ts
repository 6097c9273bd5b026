/**
 * The comment method: segmentation with the after-sales dictionary, topics by
 * keyword cluster, sentiment with negation scope, degree and contrast; and a
 * floor under its figures on the labelled set, so a lexicon change that makes
 * it worse fails here rather than in a report.
 */
import { analyze, analyzeUncached, topicMatcher, topicsOf } from '../../server/services/topics/analyze';
import { defaultTopics } from '../../server/services/topics/lexicon';
import { clausesOf } from '../../server/services/topics/segment';
import { evaluate, isHeldOut, labelledComments } from '../../scripts/bench/topics/evaluate';

const matcher = topicMatcher(defaultTopics());
const sentiment = (text: string) => analyzeUncached(text).sentiment;
const topics = (text: string) => topicsOf(analyze(text), matcher);

describe('negation', () => {
  test.each([
    ['不满意', 'negative'],
    ['对这次维修很不满意', 'negative'],
    ['师傅没有准时上门', 'negative'],
    ['上门时间不太准', 'negative'],
    ['一点也不专业', 'negative'],
    ['收费不算贵', 'positive'],
    ['并不贵', 'positive'],
    ['没有乱收费', 'positive'],
    ['没毛病', 'positive'],
    ['没有不满意的地方', 'positive'],
    ['师傅连万用表都没带', 'negative'],
    ['修完一地的灰也不收拾', 'negative'],
    ['The engineer was not on time.', 'negative'],
    ['Not satisfied at all.', 'negative'],
    ["The technician didn't explain anything.", 'negative'],
    ['The price was not too expensive.', 'positive'],
  ])('「%s」 reads %s', (text, expected) => {
    expect(sentiment(text)).toBe(expected);
  });

  test('a negator does not reach past the end of its clause', () => {
    expect(sentiment('没有，师傅很准时')).toBe('positive');
  });

  test('a negator does not reach a polar word more than three tokens later', () => {
    // 「没」 negates 「通知」 here, not the praise at the end of the clause.
    expect(analyzeUncached('虽然没提前通知但是师傅态度特别好').sentiment).toBe('positive');
  });
});

describe('degree, contrast and lukewarm words', () => {
  test('the clause after 但是 outweighs the one before', () => {
    expect(sentiment('师傅态度很好，但是收费太贵了')).toBe('negative');
    expect(sentiment('虽然等了两天，但是师傅修得很好')).toBe('positive');
    expect(sentiment('A bit pricey, but the technician was very professional.')).toBe('positive');
  });

  test('a degree word makes a polar word count more', () => {
    expect(analyzeUncached('师傅非常耐心').score).toBeGreaterThan(analyzeUncached('师傅耐心').score);
    expect(analyzeUncached('有点贵').score).toBeGreaterThan(analyzeUncached('太贵').score);
  });

  test('lukewarm words, suggestions and plain facts are neutral', () => {
    expect(sentiment('一般吧')).toBe('neutral');
    expect(sentiment('希望收费能再便宜点')).toBe('neutral');
    expect(sentiment('更换了滤芯')).toBe('neutral');
    expect(sentiment('无')).toBe('neutral');
  });
});

describe('segmentation and topics', () => {
  test('after-sales words stay whole and clauses break at punctuation', () => {
    expect(clausesOf('上门费五十，师傅放鸽子了')).toEqual([
      ['上门费', '五十'],
      ['师傅', '放鸽子', '了'],
    ]);
  });

  test('a comment gets every topic it talks about and no other', () => {
    expect(topics('上门很准时，态度也好，收费合理')).toEqual(['punctuality', 'attitude', 'charges']);
    expect(topics('挺满意的，谢谢师傅')).toEqual([]);
    expect(topics('Waited ten days for a spare part.')).toEqual(['waiting', 'parts']);
  });

  test('a keyword jieba splits or fuses into a longer word is still found', () => {
    // 「约的时间」 is three tokens; 「乱收费」 is one token holding 「收费」.
    expect(topics('约的时间过了很久')).toContain('punctuality');
    expect(topicsOf(analyze('最讨厌乱收费'), topicMatcher([{ code: 'c', zh: '收费', en: 'Charges', keywords: ['收费'] }]))).toEqual(['c']);
  });

  test('an enterprise keyword outside the dictionary matches, English phrases too', () => {
    const custom = topicMatcher([{ code: 'lounge', zh: '休息区', en: 'Lounge', keywords: ['休息区座位', 'Coffee Machine'] }]);
    expect(topicsOf(analyze('休息区座位太少'), custom)).toEqual(['lounge']);
    expect(topicsOf(analyze('The coffee machine was broken'), custom)).toEqual(['lounge']);
    expect(topicsOf(analyze('Nice coffee'), custom)).toEqual([]);
  });
});

describe('figures on the labelled set (test/fixtures/comments)', () => {
  const labelled = labelledComments();

  test('the set holds at least 300 comments in Chinese and English, each labelled', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(300);
    expect(new Set(labelled.map((c) => c.lang))).toEqual(new Set(['zh', 'en']));
    const codes = new Set(defaultTopics().map((t) => t.code));
    for (const c of labelled) {
      expect(['positive', 'neutral', 'negative']).toContain(c.sentiment);
      for (const t of c.topics) expect(codes.has(t)).toBe(true);
    }
  });

  test('topics and sentiment keep their precision and recall on the held-out half', () => {
    const held = evaluate(labelled.filter(isHeldOut));
    expect(held.topicsMicro.precision).toBeGreaterThan(0.8);
    expect(held.topicsMicro.recall).toBeGreaterThan(0.8);
    expect(held.sentimentAccuracy).toBeGreaterThan(0.72);
    const negative = held.sentiment.find((s) => s.label === 'negative')!;
    expect(negative.precision).toBeGreaterThan(0.85);
  });
});
