import { ValidationError } from '../../server/errors';
import { isScoredType, itemScore } from '../../server/services/scoring';
import type { Question, QuestionType } from '../../server/services/templates/types';

const text = { 'zh-CN': '问题', en: 'question' };
function q(type: QuestionType, extra: Partial<Question> = {}): Question {
  return { id: 'q1', type, prompt: text, required: false, ...extra };
}

function thrown(fn: () => unknown): ValidationError | undefined {
  try {
    fn();
  } catch (e) {
    return e as ValidationError;
  }
  return undefined;
}

describe('itemScore: each question type on 0–100', () => {
  test('k-point rating x → (x−1)/(k−1)×100', () => {
    // 5 points: 1 → 0, 3 → 2/4·100 = 50, 4 → 3/4·100 = 75, 5 → 100
    expect(itemScore(q('rating', { scale: 5 }), 1)).toBe(0);
    expect(itemScore(q('rating', { scale: 5 }), 3)).toBe(50);
    expect(itemScore(q('rating', { scale: 5 }), 4)).toBe(75);
    expect(itemScore(q('rating', { scale: 5 }), 5)).toBe(100);
    // 7 points: 6 → 5/6·100 = 83.333…
    expect(itemScore(q('rating', { scale: 7 }), 6)).toBeCloseTo(83.3333333, 6);
    // 2 points (k = 2): 2 → 100
    expect(itemScore(q('rating', { scale: 2 }), 2)).toBe(100);
  });

  test('accepts a numeric string, as a plain HTML form posts it', () => {
    expect(itemScore(q('rating', { scale: 5 }), '4')).toBe(75);
  });

  test('checklist yes → 100, no → 0, na → excluded (null, never 0)', () => {
    expect(itemScore(q('checklist'), 'yes')).toBe(100);
    expect(itemScore(q('checklist'), 'no')).toBe(0);
    expect(itemScore(q('checklist'), 'na')).toBeNull();
  });

  test('nps 0–10 → 10x', () => {
    expect(itemScore(q('nps'), 0)).toBe(0);
    expect(itemScore(q('nps'), 7)).toBe(70);
    expect(itemScore(q('nps'), 10)).toBe(100);
  });

  test('single choice scores the option score; an option without a score carries none', () => {
    const options = [
      { value: 'a', label: text, score: 100 },
      { value: 'b', label: text, score: 50 },
      { value: 'other', label: text },
    ];
    expect(itemScore(q('single', { options }), 'b')).toBe(50);
    expect(itemScore(q('single', { options }), 'other')).toBeNull();
  });

  test.each(['multiple', 'text', 'number', 'time', 'photo'] as QuestionType[])('%s carries no score', (type) => {
    const answer = type === 'multiple' ? ['a'] : type === 'number' ? 12 : 'x';
    expect(itemScore(q(type), answer)).toBeNull();
    expect(isScoredType(q(type))).toBe(false);
  });

  test('skipped (null or undefined) is excluded for every type', () => {
    expect(itemScore(q('rating', { scale: 5 }), null)).toBeNull();
    expect(itemScore(q('rating', { scale: 5 }), undefined)).toBeNull();
    expect(itemScore(q('nps'), null)).toBeNull();
    expect(itemScore(q('checklist'), undefined)).toBeNull();
  });

  test('N/A on a rating is excluded, not 0', () => {
    expect(itemScore(q('rating', { scale: 5 }), 'na')).toBeNull();
  });

  test('an answer its question forbids throws a ValidationError naming the answer', () => {
    expect(() => itemScore(q('rating', { scale: 5 }), 6)).toThrow(ValidationError);
    expect(() => itemScore(q('rating', { scale: 5 }), 2.5)).toThrow(ValidationError);
    expect(() => itemScore(q('nps'), 11)).toThrow(ValidationError);
    expect(() => itemScore(q('checklist'), 'maybe')).toThrow(ValidationError);
    expect(() => itemScore(q('single', { options: [] }), 'z')).toThrow(ValidationError);
    expect(thrown(() => itemScore(q('nps'), -1))?.field).toBe('answers.q1');
  });

  test('isScoredType: single is scored only when an option has a score', () => {
    expect(isScoredType(q('single', { options: [{ value: 'a', label: text }] }))).toBe(false);
    expect(isScoredType(q('single', { options: [{ value: 'a', label: text, score: 0 }] }))).toBe(true);
    expect(isScoredType(q('nps'))).toBe(true);
  });
});
