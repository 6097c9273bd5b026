/**
 * What the numbered scales (rating 1..k, NPS 0..10) share: the lenient number reading of
 * stored answers, the words "4 / 5 · caption", the skip-logic fit and the export cell.
 */
import { reject, type ChoiceWords } from './questionType';

/** Stored answers are numbers; older rows and plain forms may hold numeric strings. */
export function storedInteger(answer: unknown, lo: number, hi: number): number {
  const x = typeof answer === 'number' ? answer : typeof answer === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(answer) ? Number(answer) : NaN;
  if (!Number.isInteger(x) || x < lo || x > hi) reject(`must be an integer ${lo}–${hi}`);
  return x;
}

/** "4 / 5 · very satisfied": the point, out of how many, and its caption when it has one. */
export function scaleWords(choices: readonly ChoiceWords[], top: number, answer: unknown): string | null {
  if (answer === undefined || answer === null || answer === '') return null;
  const choice = choices.find((c) => c.value === String(answer));
  if (!choice) return String(answer); // a value the version no longer offers still shows as stored
  const of = `${choice.label} / ${top}`;
  return choice.caption ? `${of} · ${choice.caption}` : of;
}

export const integerFits = (lo: number, hi: number) => (v: string | number) => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
