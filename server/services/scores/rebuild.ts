/**
 * Rebuilds an enterprise's rollups from its raw responses: the repair tool for
 * a rollup that drifted, and the proof that incremental updates are exact
 * (a test compares the two). Sums are integers (fixed point), so equal means
 * equal to the last unit.
 *
 * Speed (1,000,000 responses, scripts/bench/scores.ts): responses are read a
 * day of countedAt at a time, and only the five fields the rollups need, which
 * the embedded store serves from one covering index without opening a document.
 */
import { ConflictError } from '../../errors';
import { DecodedDocs } from '../../store/decodedDocs';
import type { Doc } from '../../store/types';
import { inTransaction, withTenantTransaction, type TenantContext } from '../context';
import { getEnterprise } from '../accounts/enterprises';
import { rollupIncrements, type RollupIncrement } from '../scoring/rollup';
import { loadContribution, type ResponseDoc } from '../responses/types';
import type { TemplateContent } from '../templates/types';
import { CellAccumulator, ROLLUP_SOURCE_FIELDS, type RollupSource } from './accumulate';
import { caughtUp } from './catchUp';
import { countRebuildSwap, markQuarterCellsComplete, rebuildsSwapped } from './layout';
import { addDays } from '../calendar';

export interface RebuildSummary {
  responses: number;
  rollups: number;
  /** Cells written, inserted or deleted by the swap: 0 when nothing had drifted. */
  rewritten: number;
  ms: number;
}

/** The increments of one stored response, from its kept contribution (no template needed). */
export function incrementsOfStored(response: RollupSource & { answers?: ResponseDoc['answers'] }, tzOffsetMinutes: number): RollupIncrement[] {
  // rollupIncrements reads only the channel and catalogue of the template, never the answers.
  const content = { channel: response.channel, catalogue: response.catalogue } as TemplateContent;
  return rollupIncrements(
    { content, answers: response.answers ?? {}, channel: response.channel, siteId: response.siteId, at: response.respondedAt },
    loadContribution(response.contribution),
    tzOffsetMinutes,
  );
}

/** Rebuilds started over when another swapped first. */
const MAX_REBUILD_ATTEMPTS = 5;

/** Responses read at once, at most: a day of them usually; a busier day is read by the hour, minute or second. */
const CHUNK = 20_000;

/** The hours of a day, minutes of an hour or seconds of a minute, as ISO prefixes. */
function parts(prefix: string): string[] {
  const [count, sep] = prefix.length === 10 ? [24, 'T'] : [60, ':'];
  return Array.from({ length: count }, (_, i) => `${prefix}${sep}${String(i).padStart(2, '0')}`);
}

/**
 * Reads counted responses in consecutive countedAt ranges covering every
 * string (the first from '', the last unbounded): a day each, a busier day
 * (more than `chunk`) again by the hour, minute or second, so memory stays
 * bounded whatever the volume. countedAt is an ISO string whenever present,
 * so ≥ '' means "counted", and the responses' rollupSource index serves it.
 */
async function readCounted(ctx: TenantContext, chunk: number, onChunk: (responses: Array<RollupSource & Doc>) => void): Promise<void> {
  const responses = ctx.store.collection<RollupSource & Doc>('responses');
  const read = (countedAt: { $gte: string; $lt?: string }, limit?: number) => responses.find({ countedAt }, { fields: [...ROLLUP_SOURCE_FIELDS], limit });
  const edge = async (dir: 1 | -1) =>
    (await ctx.store.collection<ResponseDoc>('responses').findOne({ countedAt: { $gte: '' } }, { sort: { countedAt: dir }, fields: ['countedAt'] }))?.countedAt;
  const [first, last] = [await edge(1), await edge(-1)];
  if (!first || !last || !/^\d{4}-\d{2}-\d{2}/.test(first) || !/^\d{4}-\d{2}-\d{2}/.test(last)) return onChunk(await read({ $gte: '' }));
  // [lo, hi) is the time `prefix`; its first part starts at lo itself so nothing falls between parts.
  const range = async (lo: string, hi: string, prefix: string): Promise<void> => {
    const finest = prefix.length >= 19;
    const rows = await read({ $gte: lo, $lt: hi }, finest ? undefined : chunk + 1);
    if (finest || rows.length <= chunk) return onChunk(rows);
    const p = parts(prefix);
    for (let i = 0; i < p.length; i++) await range(i === 0 ? lo : p[i]!, i + 1 < p.length ? p[i + 1]! : hi, p[i]!);
  };
  let day = first.slice(0, 10);
  onChunk(await read({ $gte: '', $lt: day }));
  for (; day <= last.slice(0, 10); day = addDays(day, 1)) await range(day, addDays(day, 1), day);
  onChunk(await read({ $gte: day }));
}

/** `chunk`: the most responses read at once (tests make it small to exercise the splitting). */
export async function computeRollups(
  ctx: TenantContext,
  onProgress?: (done: number) => void,
  chunk = CHUNK,
): Promise<{ docs: Map<string, Doc>; responses: number }> {
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const cells = new CellAccumulator(tzOffsetMinutes);
  let responses = 0;
  await readCounted(ctx, chunk, (rows) => {
    for (const response of rows) cells.add(response);
    responses += rows.length;
    onProgress?.(responses);
  });
  return { docs: cells.documents(ctx.actor.enterpriseId), responses };
}

/**
 * Replaces all of the enterprise's rollups with `docs`, in one transaction.
 * Written in _id order, so a period's month cells sit together on disk.
 */
export async function replaceRollups(ctx: TenantContext, docs: Iterable<Doc>): Promise<number> {
  const all = [...docs].sort(byId);
  await ctx.store.withTransaction(async (tx) => {
    const rollups = tx.collection('rollups');
    await rollups.deleteMany({});
    for (let i = 0; i < all.length; i += 5000) await rollups.insertMany(all.slice(i, i + 5000));
    await markQuarterCellsComplete(tx, ctx.actor.enterpriseId);
  });
  return all.length;
}

const byId = (a: Doc, b: Doc) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * Makes the stored rollups (`live`, as read inside `tx`) exactly `docs`, writing
 * only the cells that differ: a rebuild of rollups that did not drift rewrites
 * nothing, and a repair touches what it repairs, so the swap's transaction,
 * which holds back submissions, stays short. Returns how many cells differed
 * (changed, new or gone).
 */
async function writeDifferences(tx: TenantContext, docs: readonly Doc[], live: readonly Doc[]): Promise<number> {
  const stored = new Map(live.map((d) => [d._id, d]));
  const changed = docs.filter((doc) => {
    const now = stored.get(doc._id);
    stored.delete(doc._id);
    return now === undefined || !sameValue(doc, now);
  });
  // Most cells differ (a repair after a layout change): writing them all afresh, in _id order, is cheaper than cell by cell.
  if (changed.length > docs.length / 2) {
    await replaceRollups(tx, docs);
    return changed.length + stored.size;
  }
  const rollups = tx.store.collection('rollups');
  const liveIds = new Set(live.map((d) => d._id));
  const inserts: Doc[] = [];
  for (const doc of changed) {
    if (liveIds.has(doc._id)) await rollups.replaceOne({ _id: doc._id }, doc);
    else inserts.push(doc);
  }
  const gone = [...stored.keys()];
  for (let i = 0; i < gone.length; i += 500) await rollups.deleteMany({ _id: { $in: gone.slice(i, i + 500) } });
  inserts.sort(byId);
  for (let i = 0; i < inserts.length; i += 5000) await rollups.insertMany(inserts.slice(i, i + 5000));
  await markQuarterCellsComplete(tx.store, tx.actor.enterpriseId);
  return changed.length + gone.length;
}

/** Deep equality of stored JSON values (key order aside). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const key in x) {
    if (!(key in y) || !sameValue(x[key], y[key])) return false;
    keys++;
  }
  for (const _ in y) keys--;
  return keys === 0;
}

/**
 * Replaces the enterprise's rollups with ones computed from raw responses, on
 * a live server. The rebuild reads a snapshot (responses and the live cells as
 * of one moment) while submissions go on counting into the live cells; the
 * swap then adds to each rebuilt cell what the live one gained since the
 * snapshot (counters are integers, so exact), in the transaction that replaces
 * them: nothing counted before or during the rebuild is left out, nor twice.
 */
export async function rebuildRollups(ctx: TenantContext, onProgress?: (done: number) => void): Promise<RebuildSummary> {
  const started = Date.now();
  // The cells as read in the snapshot, kept decoded: the swap decodes again only those that changed since.
  const decoded = new DecodedDocs(Number.MAX_SAFE_INTEGER);
  for (let attempt = 1; ; attempt++) {
    const { docs, responses, liveThen, swapsThen } = await ctx.root.readSnapshot(async (snapshot) => {
      const then = inTransaction(ctx, snapshot); // the same caller, reading the snapshot
      const computed = await computeRollups(then, onProgress);
      const liveThen = await then.store.collection('rollups').findDecoded({}, decoded);
      return { ...computed, liveThen, swapsThen: await rebuildsSwapped(then.store, ctx.actor.enterpriseId) };
    });
    const swapped = await withTenantTransaction(ctx, async (tx) => {
      // Another rebuild swapped in since the snapshot: the live cells are no longer what "then" measured from.
      if ((await rebuildsSwapped(tx.store, ctx.actor.enterpriseId)) !== swapsThen) return null;
      const liveNow = await tx.store.collection('rollups').findDecoded({}, decoded);
      await countRebuildSwap(tx.store, ctx.actor.enterpriseId);
      const exact = caughtUp(docs, liveThen, liveNow);
      return { rollups: exact.length, rewritten: await writeDifferences(tx, exact, liveNow) };
    });
    if (swapped !== null) return { responses, ...swapped, ms: Date.now() - started };
    if (attempt === MAX_REBUILD_ATTEMPTS)
      throw new ConflictError('rollups: other rebuilds of this enterprise kept finishing first; run it again once they are done', 'rollups', 'rebuild_busy');
  }
}
