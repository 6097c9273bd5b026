/**
 * A calendar day as forms and the JSON API accept it: `YYYY-MM-DD` naming a
 * day that exists, so 2025-02-30 is a 400 naming the field rather than a date
 * the store quietly rolls over to 2 March.
 */
import { z } from 'zod';
import { isDay } from '../services/calendar';

export const dayField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isDay, 'must be a date that exists, as YYYY-MM-DD');
