/**
 * The rebuild's accumulator: stored responses summed into day cells, then
 * month and quarter cells as the sums of their days (integers, so exact). It
 * skips what the incremental path builds per response (increment objects and
 * keys) because a rebuild does it a million times; it uses the same counters
 * (measureInc, momentInc) and writes the same documents as cellUpdate's
 * upserts (cells.ts), and tests hold the two equal.
 *
 * A cell is kept compact, one Float64Array: the measure counters, then n, sum
 * and sumSq of each indicator "slot" (a catalogue's indicator, numbered as
 * first seen). 57,000 cells of nested maps and objects cost a million-response
 * rebuild most of its memory and a third of its time in garbage collection; a
 * document is built only for a cell that must be written (documentOf), and a
 * stored cell is compared with the compact one directly (sameAsStored).
 */
import { ValidationError } from '../../errors';
import type { Doc } from '../../store/types';
import type { StoredContribution } from '../responses/types';
import { catalogueKey, MEASURE_COUNTERS, measureInc, measureRollupKey } from '../scoring/rollup';
import { toFixedPoint } from '../scoring/stats';
import type { Channel } from '../templates/types';
import { quarterOf, type Grain } from './buckets';
import { fieldKey } from './cells';
import { DAY_MS, dayOf } from '../calendar';

/** What the rollups need of a stored response; the responses' rollupSource index holds exactly these. */
export const ROLLUP_SOURCE_FIELDS = ['siteId', 'channel', 'catalogue', 'respondedAt', 'contribution'] as const;

export interface RollupSource {
  siteId: string;
  channel: Channel;
  catalogue: { code: string; version: string };
  respondedAt: string;
  contribution: StoredContribution;
}

const MEASURES = MEASURE_COUNTERS.length;
/** Room for this many indicators in a new cell before its counters must grow. */
const SLOTS_AHEAD = 8;

/** An indicator's place in every cell's counters, with its stored field keys (encoded once). */
interface Slot {
  catalogue: string;
  indicator: string;
}

/** A rollup cell in compact form; `counts` may be longer than the slots seen (zeros). */
export interface CompactCell {
  siteId: string;
  channel: Channel;
  day: string;
  grain: Grain;
  counts: Float64Array;
}

function grown(counts: Float64Array, length: number): Float64Array {
  const more = new Float64Array(length);
  more.set(counts);
  return more;
}

export class CellAccumulator {
  private readonly dayCells = new Map<string, CompactCell>();
  private readonly days = new Map<number, string>();
  private readonly slots: Slot[] = [];
  /** Catalogue key → indicator code → slot. */
  private readonly slotsOf = new Map<string, Map<string, number>>();
  /** The last response's catalogue and its slots: responses of one template follow each other. */
  private last: { code: string; version: string; slots: Map<string, number> } | null = null;

  constructor(private readonly tzOffsetMinutes: number) {}

  /** dayOf with a cache per calendar day (same result: both take the UTC date of the shifted instant). */
  private dayOf(at: string): string {
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) return dayOf(at, this.tzOffsetMinutes); // throws its ValidationError
    const n = Math.floor((ms + this.tzOffsetMinutes * 60_000) / DAY_MS);
    let day = this.days.get(n);
    if (day === undefined) this.days.set(n, (day = dayOf(at, this.tzOffsetMinutes)));
    return day;
  }

  private slotsOfCatalogue(catalogue: { code: string; version: string }): Map<string, number> {
    const last = this.last;
    if (last !== null && last.code === catalogue.code && last.version === catalogue.version) return last.slots;
    const key = catalogueKey(catalogue);
    let slots = this.slotsOf.get(key);
    if (!slots) this.slotsOf.set(key, (slots = new Map()));
    this.last = { code: catalogue.code, version: catalogue.version, slots };
    return slots;
  }

  private newSlot(catalogue: { code: string; version: string }, indicator: string, slots: Map<string, number>): number {
    const slot = this.slots.length;
    this.slots.push({ catalogue: fieldKey(catalogueKey(catalogue)), indicator: fieldKey(indicator) });
    slots.set(indicator, slot);
    return slot;
  }

  add(response: RollupSource): void {
    if (!response.siteId) throw new ValidationError('a response needs a site', 'siteId');
    const day = this.dayOf(response.respondedAt);
    const where = `${response.siteId}\u0000${response.channel}\u0000${day}`;
    let cell = this.dayCells.get(where);
    if (!cell) {
      const counts = new Float64Array(MEASURES + 3 * (this.slots.length + SLOTS_AHEAD));
      this.dayCells.set(where, (cell = { siteId: response.siteId, channel: response.channel, day, grain: 'day', counts }));
    }
    let counts = cell.counts;
    const measures = measureInc(response.contribution, response.channel);
    for (let i = 0; i < MEASURES; i++) counts[i]! += measures[MEASURE_COUNTERS[i]!];
    const slots = this.slotsOfCatalogue(response.catalogue);
    // Stored as pairs; a code appears once, as in the object it was made from. Moments as momentInc makes them.
    for (const [indicator, value] of response.contribution.indicators) {
      const at = MEASURES + 3 * (slots.get(indicator) ?? this.newSlot(response.catalogue, indicator, slots));
      if (at >= counts.length) counts = cell.counts = grown(counts, at + 3 * SLOTS_AHEAD);
      const x = toFixedPoint(value);
      counts[at]! += 1;
      counts[at + 1]! += x;
      counts[at + 2]! += x * x;
    }
  }

  /** Day cells and their month and quarter cells (the sums of their days), by the _id they are stored under. */
  cells(): Map<string, CompactCell> {
    const out = new Map<string, CompactCell>();
    const addTo = (key: string, period: string, grain: Grain, from: CompactCell) => {
      let total = out.get(key);
      if (!total) out.set(key, (total = { siteId: from.siteId, channel: from.channel, day: period, grain, counts: new Float64Array(from.counts.length) }));
      if (total.counts.length < from.counts.length) total.counts = grown(total.counts, from.counts.length);
      const into = total.counts;
      const counts = from.counts;
      for (let i = 0; i < counts.length; i++) into[i]! += counts[i]!;
    };
    for (const cell of this.dayCells.values()) {
      const { siteId, channel, day } = cell;
      out.set(measureRollupKey({ siteId, channel, day }), cell);
      const month = day.slice(0, 7);
      addTo(`m:${measureRollupKey({ siteId, channel, day: month })}`, month, 'month', cell);
      addTo(`q:${measureRollupKey({ siteId, channel, day: quarterOf(day) })}`, quarterOf(day), 'quarter', cell);
    }
    return out;
  }

  /** The stored document of a cell, as cellUpdate's upserts build it (key order aside). */
  documentOf(key: string, cell: CompactCell, enterpriseId: string): Doc {
    const doc: Record<string, unknown> = { _id: key, enterpriseId, kind: 'msr', siteId: cell.siteId, channel: cell.channel, day: cell.day, grain: cell.grain };
    const counts = cell.counts;
    for (let i = 0; i < MEASURES; i++) doc[MEASURE_COUNTERS[i]!] = counts[i];
    let ind: Record<string, Record<string, { n: number; sum: number; sumSq: number }>> | undefined;
    for (let s = 0; s < this.slots.length; s++) {
      const at = MEASURES + 3 * s;
      if (at >= counts.length || counts[at] === 0) continue;
      const { catalogue, indicator } = this.slots[s]!;
      ((ind ??= {})[catalogue] ??= {})[indicator] = { n: counts[at]!, sum: counts[at + 1]!, sumSq: counts[at + 2]! };
    }
    if (ind) doc.ind = ind;
    return doc as Doc;
  }

  /** Whether a stored document is exactly documentOf(key, cell): the same fields with the same values, key order aside. */
  sameAsStored(stored: Record<string, unknown>, key: string, cell: CompactCell, enterpriseId: string): boolean {
    if (
      stored._id !== key ||
      stored.enterpriseId !== enterpriseId ||
      stored.kind !== 'msr' ||
      stored.siteId !== cell.siteId ||
      stored.channel !== cell.channel ||
      stored.day !== cell.day ||
      stored.grain !== cell.grain
    )
      return false;
    const counts = cell.counts;
    for (let i = 0; i < MEASURES; i++) if (stored[MEASURE_COUNTERS[i]!] !== counts[i]) return false;
    // Every indicator the cell counts is stored alike; then the stored ones must be no more than those.
    const ind = stored.ind as Record<string, Record<string, unknown>> | undefined;
    let entries = 0;
    for (let s = 0; s < this.slots.length; s++) {
      const at = MEASURES + 3 * s;
      if (at >= counts.length || counts[at] === 0) continue;
      const { catalogue, indicator } = this.slots[s]!;
      const m = isObject(ind) && isObject(ind[catalogue]) ? (ind[catalogue] as Record<string, unknown>)[indicator] : undefined;
      if (!isObject(m) || m.n !== counts[at] || m.sum !== counts[at + 1] || m.sumSq !== counts[at + 2] || Object.keys(m).length !== 3) return false;
      entries++;
    }
    const topLevel = 7 + MEASURES + (entries > 0 ? 1 : 0);
    if (Object.keys(stored).length !== topLevel) return false;
    if (entries === 0) return true;
    let storedEntries = 0;
    for (const catalogue in ind) storedEntries += Object.keys(ind[catalogue] as object).length;
    return storedEntries === entries && Object.values(ind!).every((byIndicator) => Object.keys(byIndicator as object).length > 0);
  }

  /** Every cell as a stored document, by _id (tests and the crash proof compare them with the live rollups). */
  documents(enterpriseId: string): Map<string, Doc> {
    const docs = new Map<string, Doc>();
    for (const [key, cell] of this.cells()) docs.set(key, this.documentOf(key, cell, enterpriseId));
    return docs;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
