/**
 * One answer → a 0–100 item score (domain.md §3.1), or null when the answer
 * carries no score: skipped, N/A, or an unscored question type. Each type's
 * module says how (services/questions/types/); null is never 0: callers leave
 * null items out of every mean.
 */
import { isScored, itemScore } from '../questions/registry';
import type { Question } from '../templates/types';

export { itemScore };

/** Whether a question type can ever carry a score (for builders and reports). */
export function isScoredType(question: Question): boolean {
  return isScored(question);
}
