/**
 * Whether an enterprise's quarter cells are complete. Responses counted before
 * quarter cells existed (cells.ts) are only in day and month cells, so score
 * queries read quarter cells only once every counted response is in them:
 * when the enterprise's first response was counted with quarter cells, or
 * after a rebuild wrote them all. Until then they read months: correct, slower.
 */
import type { Store } from '../../store/types';
import { nowIso, type TenantContext } from '../context';

const layouts = (store: Store) => store.collection('rollupLayouts');
const layoutId = (enterpriseId: string) => `layout:${enterpriseId}`;

/** Records that every counted response is in quarter cells (the rebuild calls it inside its transaction). */
export async function markQuarterCellsComplete(store: Store, enterpriseId: string): Promise<void> {
  await layouts(store).updateOne({ _id: layoutId(enterpriseId) }, { $set: { quarters: true, since: nowIso() } }, { upsert: true });
}

/** How many rebuilds have swapped in the enterprise's cells (rebuild.ts): a rebuild whose snapshot predates another's swap starts again. */
export async function rebuildsSwapped(store: Store, enterpriseId: string): Promise<number> {
  const doc = await layouts(store).findOne({ _id: layoutId(enterpriseId) }, { fields: ['rebuilds'] });
  return typeof doc?.rebuilds === 'number' ? doc.rebuilds : 0;
}

/** Inside a rebuild's swap. */
export async function countRebuildSwap(store: Store, enterpriseId: string): Promise<void> {
  await layouts(store).updateOne({ _id: layoutId(enterpriseId) }, { $inc: { rebuilds: 1 } }, { upsert: true });
}

/** Enterprises whose layout mark is committed: it is never removed, so each submission need not read it again. */
const marked = new Set<string>();

/** Before counting a response (inside its transaction): an enterprise without rollups starts complete. */
export async function noteFirstRollups(tx: Store, enterpriseId: string): Promise<void> {
  if (marked.has(enterpriseId)) return;
  const remember = () => tx.afterCommit(() => marked.add(enterpriseId));
  if (await layouts(tx).findOne({ _id: layoutId(enterpriseId) }, { fields: ['_id'] })) return remember();
  if (await tx.collection('rollups').findOne({}, { fields: ['_id'] })) return;
  await markQuarterCellsComplete(tx, enterpriseId);
  remember();
}

export async function quarterCellsComplete(ctx: TenantContext): Promise<boolean> {
  return (await layouts(ctx.store).findOne({ _id: layoutId(ctx.actor.enterpriseId) }, { fields: ['_id'] })) !== null;
}
