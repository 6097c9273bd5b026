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
import { CellAccumulator, ROLLUP_SOURCE_FIELDS, type CompactCell, type RollupSource } from './accumulate';
import { caughtUpCell } from './catchUp';
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

/** The counted responses summed into compact cells. `chunk`: the most responses read at once (tests make it small). */
async function accumulateCounted(
  ctx: TenantContext,
  onProgress?: (done: number) => void,
  chunk = CHUNK,
): Promise<{ cells: CellAccumulator; responses: number }> {
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const cells = new CellAccumulator(tzOffsetMinutes);
  let responses = 0;
  await readCounted(ctx, chunk, (rows) => {
    for (const response of rows) cells.add(response);
    responses += rows.length;
    onProgress?.(responses);
  });
  return { cells, responses };
}

/** The rollups computed from the counted responses, as stored documents by _id. */
export async function computeRollups(
  ctx: TenantContext,
  onProgress?: (done: number) => void,
  chunk = CHUNK,
): Promise<{ docs: Map<string, Doc>; responses: number }> {
  const { cells, responses } = await accumulateCounted(ctx, onProgress, chunk);
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
    for (let i = 0; i < all.length; i += WRITE_BATCH) await rollups.insertMany(all.slice(i, i + WRITE_BATCH));
    await markQuarterCellsComplete(tx, ctx.actor.enterpriseId);
  });
  return all.length;
}

const WRITE_BATCH = 5000;
const byId = (a: Doc, b: Doc) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

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

/** What the rebuild read in its snapshot: the rebuilt cells, and the live ones then (decoded once, shared with the swap). */
interface Snapshot {
  cells: CellAccumulator;
  rebuilt: Map<string, CompactCell>;
  responses: number;
  liveThen: readonly Doc[];
  /** Live cells (as read then) that already equal their rebuilt cell. */
  exactThen: Set<Doc>;
  swapsThen: number;
}

/**
 * Makes the live cells (`liveNow`, read inside `tx`) the rebuilt ones plus
 * what each gained since the snapshot (catchUp.ts), writing only the cells
 * that differ: a rebuild of rollups that did not drift writes nothing, and a
 * cell unchanged since the snapshot and already exact is neither built nor
 * compared again. The swap's transaction holds back submissions, so the
 * comparing was done before it (exactThen). Returns the cells kept and how
 * many were written, inserted or deleted.
 */
async function swapIn(tx: TenantContext, snap: Snapshot, liveNow: readonly Doc[]): Promise<{ rollups: number; rewritten: number }> {
  const enterpriseId = tx.actor.enterpriseId;
  const then = new Map(snap.liveThen.map((d) => [d._id, d]));
  const rebuiltDoc = (id: string) => {
    const cell = snap.rebuilt.get(id);
    return cell && snap.cells.documentOf(id, cell, enterpriseId);
  };
  const kept: Doc[] = [];
  const writes: Doc[] = [];
  const gone: string[] = [];
  const seen = new Set<string>();
  for (const now of liveNow) {
    seen.add(now._id);
    // The decoded documents are shared: the same object means the same stored form as in the snapshot.
    if (now === then.get(now._id) && snap.exactThen.has(now)) {
      kept.push(now);
      continue;
    }
    const cell = caughtUpCell(rebuiltDoc(now._id), now, then.get(now._id));
    if (cell === null) gone.push(now._id);
    else if (sameValue(cell, now)) kept.push(now);
    else writes.push(cell);
  }
  const inserts: Doc[] = [];
  for (const id of snap.rebuilt.keys()) {
    const cell = seen.has(id) ? null : caughtUpCell(rebuiltDoc(id), undefined, then.get(id));
    if (cell !== null) inserts.push(cell);
  }
  const rollupCells = tx.store.collection('rollups');
  if (writes.length + inserts.length > liveNow.length / 2) {
    // Most cells differ (a repair after a layout change): writing them all afresh, in _id order, is cheaper than cell by cell.
    const all = [...kept, ...writes, ...inserts].sort(byId);
    await rollupCells.deleteMany({});
    for (let i = 0; i < all.length; i += WRITE_BATCH) await rollupCells.insertMany(all.slice(i, i + WRITE_BATCH));
  } else {
    // By _id one at a time: SQLite serves "_id IN (…)" of one enterprise from the enterprise index, reading all its cells per batch.
    for (const doc of writes) await rollupCells.replaceOne({ _id: doc._id }, doc);
    for (const id of gone) await rollupCells.deleteOne({ _id: id });
    inserts.sort(byId);
    for (let i = 0; i < inserts.length; i += WRITE_BATCH) await rollupCells.insertMany(inserts.slice(i, i + WRITE_BATCH));
  }
  await markQuarterCellsComplete(tx.store, enterpriseId);
  const rollups = kept.length + writes.length + inserts.length;
  return { rollups, rewritten: writes.length + inserts.length + gone.length };
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
  const enterpriseId = ctx.actor.enterpriseId;
  // The cells as read in the snapshot, kept decoded: the swap decodes again only those that changed since.
  const decoded = new DecodedDocs(Number.MAX_SAFE_INTEGER);
  for (let attempt = 1; ; attempt++) {
    const snap = await ctx.root.readSnapshot(async (snapshot): Promise<Snapshot> => {
      const then = inTransaction(ctx, snapshot); // the same caller, reading the snapshot
      const { cells, responses } = await accumulateCounted(then, onProgress);
      const rebuilt = cells.cells();
      const liveThen = await then.store.collection('rollups').findDecoded({}, decoded);
      const exactThen = new Set<Doc>();
      for (const doc of liveThen) {
        const cell = rebuilt.get(doc._id);
        if (cell && cells.sameAsStored(doc, doc._id, cell, enterpriseId)) exactThen.add(doc);
      }
      return { cells, rebuilt, responses, liveThen, exactThen, swapsThen: await rebuildsSwapped(then.store, enterpriseId) };
    });
    const swapped = await withTenantTransaction(ctx, async (tx) => {
      // Another rebuild swapped in since the snapshot: the live cells are no longer what "then" measured from.
      if ((await rebuildsSwapped(tx.store, enterpriseId)) !== snap.swapsThen) return null;
      const liveNow = await tx.store.collection('rollups').findDecoded({}, decoded);
      await countRebuildSwap(tx.store, enterpriseId);
      return swapIn(tx, snap, liveNow);
    });
    if (swapped !== null) return { responses: snap.responses, ...swapped, ms: Date.now() - started };
    if (attempt === MAX_REBUILD_ATTEMPTS)
      throw new ConflictError('rollups: other rebuilds of this enterprise kept finishing first; run it again once they are done', 'rollups', 'rebuild_busy');
  }
}
