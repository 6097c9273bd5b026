/**
 * Request shapes for the template routes. The template content itself is checked
 * by the service (validateTemplate), whose errors name the offending question.
 */
import { z } from 'zod';
import { channels } from '../../services/channels';

const version = z
  .string()
  .regex(/^[1-9]\d{0,5}$/, 'must be a version number (1, 2, …)')
  .transform(Number)
  .optional();

/** Query strings also carry lang; unknown parameters are ignored, not refused. */
export const listQuery = z.object({
  channel: channels.codeSchema.optional(),
  /** Archived templates are left out unless asked for. */
  archived: z.enum(['include'], { message: 'must be include' }).optional(),
});
export const versionQuery = z.object({ version });

/** Builder page "new template": a shipped default (by position) or a blank one per channel. */
export const startFormSchema = z.object({
  _csrf: z.string().optional(),
  start: z.string().regex(new RegExp(`^(default:\\d{1,3}|blank:(${channels.codes.join('|')}))$`), 'choose a starting point'),
});

export const importFormSchema = z.object({
  _csrf: z.string().optional(),
  json: z.string().trim().min(1, 'paste or choose a template JSON file').max(200_000),
});

export const previewQuery = z.object({ version });
