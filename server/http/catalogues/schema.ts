/** Request shapes of catalogue import. */
import { z } from 'zod';

const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{1,59}$/, 'must be 2–60 lowercase letters, digits, ".", "_" or "-"');
const name = z.string().trim().min(1, 'is required').max(200);

export const apiPreviewSchema = z
  .object({
    code,
    name: z.object({ 'zh-CN': name, en: name }).strict().optional(),
    format: z.enum(['json', 'csv', 'xlsx']),
    /** The file: text for json and csv, base64 for xlsx. */
    content: z.string().min(1, 'is required').max(3_000_000, 'must be at most 2 MB'),
  })
  .strict();

/** The upload form: names are optional when a JSON file carries them. */
export const uploadFormSchema = z
  .object({ code, nameZh: z.string().trim().max(200).optional(), nameEn: z.string().trim().max(200).optional(), _csrf: z.string().optional() })
  .strict();
