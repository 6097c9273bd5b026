/**
 * A rebuild made beside the live rollups, brought up to date at the swap:
 * each cell is the rebuilt one plus what the live one gained since the
 * snapshot the rebuild read (live now − live then). Every number in a cell is
 * a counter (count, fixed-point sums), so the arithmetic is exact, and a
 * response un-counted meanwhile comes through as a negative gain.
 */
import type { Doc } from '../../store/types';

type Tree = Record<string, unknown>;

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** base + now − then for every counter; other fields from base, else from now. */
function plusGain(base: Tree | undefined, now: Tree | undefined, then: Tree | undefined): Tree {
  // Nothing gained since the snapshot (the same decoded cell, see rebuild.ts) and nothing the rebuild lacks: the rebuilt cell as it is.
  if (base !== undefined && now !== undefined && now === then && within(now, base)) return base;
  const out: Tree = {};
  const gain = (key: string, b: unknown, n: unknown, t: unknown) => {
    if (typeof (b ?? n) === 'number') {
      const value = ((b as number) ?? 0) + ((n as number) ?? 0) - (typeof t === 'number' ? t : 0);
      // A counter the rebuild does not have and that gained nothing was drift: it goes.
      if (b !== undefined || value !== 0) out[key] = value;
    } else if (isTree(b) || isTree(n)) {
      const tree = plusGain(isTree(b) ? b : undefined, isTree(n) ? n : undefined, isTree(t) ? t : undefined);
      if (b !== undefined || hasCounts(tree)) out[key] = tree;
    } else out[key] = b ?? n;
  };
  for (const key in base) gain(key, base[key], now?.[key], then?.[key]);
  for (const key in now) if (base === undefined || !(key in base)) gain(key, undefined, now[key], then?.[key]);
  return out;
}

/** Every field of `now` is in `base`, of the same kind (counter, tree or other), all the way down. */
function within(now: Tree, base: Tree): boolean {
  for (const key in now) {
    if (!(key in base)) return false;
    const [n, b] = [now[key], base[key]];
    if (isTree(n) ? !isTree(b) || !within(n, b) : typeof n !== typeof b || isTree(b)) return false;
  }
  return true;
}

function hasCounts(tree: Tree): boolean {
  return Object.values(tree).some((v) => (typeof v === 'number' ? v !== 0 : isTree(v) && hasCounts(v)));
}

/**
 * One rebuilt cell (`base`, absent when the rebuild has none) with the live gain since the snapshot
 * (`now` − `then`); null when there is no such cell: a live cell outside the rebuild stays only if it gained counts.
 */
export function caughtUpCell(base: Doc | undefined, now: Doc | undefined, then: Doc | undefined): Doc | null {
  const cell = plusGain(base, now, then) as Doc;
  // A cell the rebuild does not know (drift, or an older layout) carries no counts of its own.
  return base || hasCounts(cell) ? cell : null;
}
