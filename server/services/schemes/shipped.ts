/**
 * The schemes shipped in surveys/schemes/, read and checked once, on first use
 * (a broken file stops the server at boot, as catalogues do).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../errors';
import { findSurveysDir } from '../catalogues';
import { checkScheme } from './check';
import { schemeKey, schemeSchema, type RegisteredScheme, type SchemeRef } from './types';

/** The scheme a project follows until its admin pins another: GB/T 27922's default model. */
export const DEFAULT_SCHEME: SchemeRef = { code: 'gbt27922-2011', version: 1 };

let shipped: ReadonlyMap<string, RegisteredScheme> | undefined;

export function loadShippedSchemes(dir: string = join(findSurveysDir(), 'schemes')): Map<string, RegisteredScheme> {
  const out = new Map<string, RegisteredScheme>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const parsed = schemeSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ValidationError(`${file}: ${issue.path.join('.') || 'file'}: ${issue.message}`, issue.path.join('.'), 'invalid_scheme');
    }
    checkScheme(parsed.data);
    const key = schemeKey(parsed.data);
    if (out.has(key)) throw new ValidationError(`${file}: ${key} is defined twice`, 'version', 'invalid_scheme');
    out.set(key, { ...parsed.data, origin: 'shipped' });
  }
  if (!out.has(schemeKey(DEFAULT_SCHEME)))
    throw new ValidationError(`the default scheme ${schemeKey(DEFAULT_SCHEME)} is missing from ${dir}`, 'scheme', 'invalid_scheme');
  return out;
}

export function shippedSchemes(): ReadonlyMap<string, RegisteredScheme> {
  shipped ??= loadShippedSchemes();
  return shipped;
}
