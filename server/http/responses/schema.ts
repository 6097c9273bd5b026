import { z } from 'zod';
import { CHANNELS } from '../../services/templates/types';

export const ingestSchema = z
  .object({
    templateId: z.string().min(1, 'is required').max(100),
    templateVersion: z.number().int('must be a whole number').min(1, 'must be 1 or more'),
    siteCode: z.string().min(1, 'is required').max(32),
    channel: z.enum(CHANNELS as [string, ...string[]], { message: `must be one of ${CHANNELS.join(', ')}` }),
    // Each answer is checked against the template version by the service, which names the question.
    answers: z.record(z.string().max(40), z.unknown(), { invalid_type_error: 'must be an object of question id → answer' }),
    // Mystery-channel only: a caller holding the reviewer permission approves it in the same request.
    approved: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
    respondedAt: z.string().datetime({ message: 'must be an ISO 8601 date-time such as 2026-11-23T08:00:00Z', offset: true }).optional(),
  })
  .strict();

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'must be 1–200 letters, digits or _ . : -')
  .optional();
