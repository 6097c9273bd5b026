/** Equality checks that make the benchmark a proof as well as a stopwatch. */
import crypto from 'node:crypto';
import type { Doc } from '../../../server/store/types';

/** JSON with object keys sorted, so equal documents print alike whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Count and the sum (mod 2^64) of 64-bit hashes of every document: equal sets give equal digests in any order. */
export function rollupDigest(docs: Iterable<Doc>): string {
  let sum = 0n;
  let count = 0;
  for (const doc of docs) {
    sum = (sum + BigInt(`0x${crypto.createHash('sha1').update(canonical(doc)).digest('hex').slice(0, 16)}`)) & 0xffff_ffff_ffff_ffffn;
    count += 1;
  }
  return `${count}:${sum.toString(16)}`;
}

/**
 * Paths where `a` and `b` differ: numbers may differ by `tolerance` (relative
 * above 1), everything else must be equal. At most `limit` paths.
 */
export function differences(a: unknown, b: unknown, tolerance = 1e-9, limit = 10, path = '$', out: string[] = []): string[] {
  if (out.length >= limit) return out;
  if (typeof a === 'number' && typeof b === 'number') {
    if (!(a === b || Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b)))) out.push(`${path}: ${a} ≠ ${b}`);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} ≠ ${b.length}`);
    else a.forEach((x, i) => differences(x, b[i], tolerance, limit, `${path}[${i}]`, out));
    return out;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tolerance, limit, `${path}.${k}`, out);
    return out;
  }
  if (a !== b) out.push(`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  return out;
}
