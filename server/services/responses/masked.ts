/**
 * A response as it leaves through the API or a page: answers with phone
 * numbers and email addresses masked, references with phone-like values
 * masked (ids stay whole), the same rules as exports (services/exports/mask.ts).
 */
import { maskedValues, maskPhones } from '../exports/mask';
import type { ResponseDoc } from './types';

export function maskedResponse<R extends Pick<ResponseDoc, 'answers' | 'refs'>>(r: R): R {
  return {
    ...r,
    answers: maskedValues(r.answers),
    ...(r.refs ? { refs: Object.fromEntries(Object.entries(r.refs).map(([k, v]) => [k, maskPhones(String(v), 'reference')])) } : {}),
  };
}
