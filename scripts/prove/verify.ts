/**
 * What a proof checks on disk once the server is stopped (or killed): the
 * stored rollups against a rebuild from raw responses, how often each
 * acknowledged submission is counted (and, for calls and visits, that their
 * own record names that response), and a fingerprint of every collection.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { systemActor, tenantContext } from '../../server/services/context';
import type { CallCase } from '../../server/services/calls/types';
import type { ResponseDoc } from '../../server/services/responses/types';
import { computeRollups } from '../../server/services/scores/rebuild';
import type { Visit } from '../../server/services/visits/types';
import { DB_FILE } from '../../server/store/embedded';
import { openStore } from '../../server/store';
import type { Store } from '../../server/store/types';
import type { ProveWorld } from './world';

export interface StoredFacts {
  responses: number;
  /** Rollup documents differing between the stored set and a rebuild (0 = exact). */
  rollupMismatches: number;
  /** Acknowledged submissions (API keys, link recipients, called cases, approved visits) without their counted response. */
  missing: string[];
  /** Submissions counted more than once. */
  duplicated: string[];
  /** Acknowledged calls and visits whose own record does not name their counted response (case.responseId; visit.responseId at its counted revision). */
  unlinked: string[];
  /** Counted responses that no acknowledged submission accounts for (a crash can leave these: stored, the answer lost). */
  unacknowledged: number;
}

/** What was acknowledged; calls and visits only where the traffic had them. */
export interface AckedSubmissions {
  apiKeys: string[];
  recipientIds: string[];
  caseRefs?: string[];
  visitIds?: string[];
}

export async function withStore<R>(world: ProveWorld, fn: (store: Store) => Promise<R>): Promise<R> {
  const store = await openStore({ dataDir: world.dir });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Compares enterprise A's stored rollups with computeRollups on the same store, document by document. */
export async function rollupMismatches(store: Store, enterpriseId: string): Promise<number> {
  const ctx = tenantContext(store, systemActor(enterpriseId));
  const stored = new Map((await ctx.store.collection('rollups').find({})).map((d) => [d._id, d]));
  const { docs } = await computeRollups(ctx);
  let mismatches = 0;
  // Key order is not data: compare as values.
  for (const [id, doc] of docs) if (!isDeepStrictEqual(stored.get(id), doc)) mismatches++;
  for (const id of stored.keys()) if (!docs.has(id)) mismatches++;
  return mismatches;
}

/** What a counted response stands for: its link recipient, its call case, its visit, else its idempotency key. */
function submissionOf(r: Pick<ResponseDoc, 'dedupeKey' | 'refs'>): string {
  if (r.refs?.recipientId) return `recipient:${r.refs.recipientId}`;
  if (r.refs?.caseId) return `case:${r.refs.caseId}`;
  if (r.refs?.visitId) return `visit:${r.refs.visitId}`;
  return r.dedupeKey;
}

/**
 * Checks that each acknowledged submission has exactly one counted response
 * (a visit: one for its current revision), that calls and visits point at it,
 * and that the rollups equal a rebuild.
 */
export async function storedFacts(world: ProveWorld, ack: AckedSubmissions): Promise<StoredFacts> {
  return withStore(world, async (store) => {
    const ctx = tenantContext(store, systemActor(world.enterpriseId));
    const responses = await ctx.store.collection<ResponseDoc>('responses').find({}, { fields: ['_id', 'dedupeKey', 'refs', 'countedAt'] });
    // Only counted responses are in the scores (an approval that was corrected leaves an uncounted one behind).
    const counted = new Map<string, string[]>();
    for (const r of responses) {
      if (!r.countedAt) continue;
      const key = submissionOf(r);
      counted.set(key, [...(counted.get(key) ?? []), r._id]);
    }
    const expected = [
      ...ack.apiKeys.map((k) => `key:${world.enterpriseId}:${k}`),
      ...ack.recipientIds.map((id) => `recipient:${id}`),
      ...(ack.caseRefs ?? []).map((id) => `case:${id}`),
      ...(ack.visitIds ?? []).map((id) => `visit:${id}`),
    ];
    const unlinked: string[] = [];
    const caseRefs = ack.caseRefs ?? [];
    if (caseRefs.length) {
      // All of them, not $in thousands of ids: a proof world holds some thousands at most.
      const cases = await ctx.store.collection<CallCase>('callCases').find({}, { fields: ['_id', 'status', 'responseId'] });
      const byId = new Map(cases.map((c) => [c._id, c]));
      for (const id of caseRefs) {
        const c = byId.get(id);
        if (c?.status !== 'completed' || !c.responseId || !counted.get(`case:${id}`)?.includes(c.responseId)) unlinked.push(`case:${id}`);
      }
    }
    const visitIds = ack.visitIds ?? [];
    if (visitIds.length) {
      const visits = await ctx.store.collection<Visit>('visits').find({}, { fields: ['_id', 'state', 'revision', 'countedRevision', 'responseId'] });
      const byId = new Map(visits.map((v) => [v._id, v]));
      for (const id of visitIds) {
        const v = byId.get(id);
        if (v?.state !== 'approved' || v.countedRevision !== v.revision || !v.responseId || !counted.get(`visit:${id}`)?.includes(v.responseId))
          unlinked.push(`visit:${id}`);
      }
    }
    const expectedSet = new Set(expected);
    return {
      responses: responses.length,
      rollupMismatches: await rollupMismatches(store, world.enterpriseId),
      missing: expected.filter((k) => !counted.get(k)),
      duplicated: [...counted].filter(([, ids]) => ids.length > 1).map(([k]) => k),
      unlinked,
      unacknowledged: [...counted.keys()].filter((k) => !expectedSet.has(k)).length,
    };
  });
}

/** Fields the server updates on mere use (a token's last use), which are no data change. */
const BOOKKEEPING = ['lastUsedAt'];
function withoutBookkeeping(json: string): string {
  const doc = JSON.parse(json) as Record<string, unknown>;
  for (const field of BOOKKEEPING) delete doc[field];
  return JSON.stringify(doc);
}

/** sha256 of every collection's documents, read-only (safe while the server runs: WAL readers do not block it). */
export function fingerprints(world: ProveWorld): Map<string, { count: number; hash: string }> {
  const db = new Database(path.join(world.dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
    const out = new Map<string, { count: number; hash: string }>();
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT doc FROM "${name.replace(/"/g, '""')}" ORDER BY _id`).all() as { doc: string }[];
      const hash = crypto.createHash('sha256');
      for (const row of rows) hash.update(withoutBookkeeping(row.doc)).update('\n');
      out.set(name, { count: rows.length, hash: hash.digest('hex').slice(0, 16) });
    }
    return out;
  } finally {
    db.close();
  }
}
