/**
 * One schema library for pages and API: zod. The first issue becomes a 400 that
 * names the field and the rule, e.g. `email: must be an email address`.
 */
import type { ZodType, ZodTypeDef } from 'zod';
import { ValidationError } from '../errors';

export function parse<T>(schema: ZodType<T, ZodTypeDef, unknown>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return raise(field ? `${field}.${issue.keys[0]}` : issue.keys[0], `${keys}: unknown field, not allowed here`);
  }
  if (issue.code === 'invalid_type' && issue.received === 'object' && issue.expected !== 'object') {
    // Catches smuggled operators such as {"$gt": ""} where a plain value belongs.
    message = `must be a ${issue.expected}, not an object`;
  }
  return raise(field, field ? `${field}: ${message}` : message);
}

function raise(field: string, message: string): never {
  throw new ValidationError(message, field || undefined);
}

/** A path parameter such as `:id`: always one short string. */
export function param(value: string | string[] | undefined, name = 'id'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) throw new ValidationError(`${name}: must be a single value`, name);
  return value;
}
