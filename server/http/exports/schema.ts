/**
 * An export's query: the dashboard's filters, the file format, and the
 * language of its headers and labels (default: the reader's page language).
 * `language`, not `lang`: `lang` would also switch the reader's pages.
 */
import { z } from 'zod';
import { LOCALES } from '../../i18n';
import { filterShape } from '../dashboard/schema';

export const exportQuerySchema = z
  .object({
    ...filterShape,
    format: z.enum(['csv', 'xlsx'], { message: 'must be csv or xlsx' }),
    language: z.preprocess((v) => (v === '' ? undefined : v), z.enum(LOCALES, { message: `must be one of ${LOCALES.join(', ')}` }).optional()),
  })
  .strict();
