/**
 * The English name of an enterprise or site, as forms and the JSON API accept
 * it: optional, at most 100 characters, no Chinese characters (those belong in
 * `name`) and no control characters.
 */
import { z } from 'zod';
import { CJK_PATTERN } from '../services/accounts/names';

export const nameEnField = z
  .string()
  .trim()
  .max(100, 'must be at most 100 characters')
  .refine((v) => !CJK_PATTERN.test(v), 'must be the English name: Chinese characters belong in name')
  // eslint-disable-next-line no-control-regex
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'must not contain control characters');

/** On creation: blank means "no English name". */
export const optionalNameEn = nameEnField.optional().transform((v) => (v ? v : undefined));
