/** Rollup comparisons shared by the rebuild and scoring tests. */
import type { Doc } from '../../server/store/types';

/** Every non-zero number of every rollup document, by document id and field path (nested counters included). */
export function nonZeroCounters(docs: Iterable<Doc>): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === 'number') {
      if (value !== 0) out[prefix] = value;
    } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
  };
  for (const d of docs) walk(String(d._id), d);
  return out;
}
