import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../../services/webhooks/types';

const events = z
  .array(z.enum(WEBHOOK_EVENTS, { errorMap: () => ({ message: `must be one of ${WEBHOOK_EVENTS.join(', ')}` }) }))
  .min(1, 'choose at least one event');

export const endpointCreateSchema = z
  .object({ url: z.string().trim().min(1, 'is required').max(2000), description: z.string().max(200).optional(), events })
  .strict();

export const endpointUpdateSchema = z
  .object({
    url: z.string().trim().min(1).max(2000).optional(),
    description: z.string().max(200).optional(),
    events: events.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const testEventSchema = z
  .object({ type: z.enum(WEBHOOK_EVENTS, { errorMap: () => ({ message: `must be one of ${WEBHOOK_EVENTS.join(', ')}` }) }) })
  .strict();

/** The page form: one checkbox per event arrives as a string or, for several, an array. */
export const endpointFormSchema = z
  .object({ url: z.string(), description: z.string().optional(), events: z.union([z.string(), z.array(z.string())]).optional(), _csrf: z.string().optional() })
  .strict()
  .transform((f) => ({ url: f.url, description: f.description, events: f.events === undefined ? [] : Array.isArray(f.events) ? f.events : [f.events] }))
  .pipe(endpointCreateSchema);

export const testEventFormSchema = z
  .object({ type: z.string(), _csrf: z.string().optional() })
  .strict()
  .transform(({ type }) => ({ type }))
  .pipe(testEventSchema);
