/**
 * What a proof checks on disk once the server is stopped (or killed): the
 * stored rollups against a rebuild from raw responses, how often each
 * acknowledged submission is stored, and a fingerprint of every collection.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { systemActor, tenantContext } from '../../server/services/context';
import type { ResponseDoc } from '../../server/services/responses/types';
import { computeRollups } from '../../server/services/scores/rebuild';
import { DB_FILE } from '../../server/store/embedded';
import { openStore } from '../../server/store';
import type { Doc, Store } from '../../server/store/types';
import type { ProveWorld } from './world';


export interface StoredFacts {
  responses: number;
  /** Rollup documents differing between the stored set and a rebuild (0 = exact). */
  rollupMismatches: number;
  /** Acknowledged API keys / link recipients not stored exactly once. */
  missing: string[];
  duplicated: string[];
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

/** Checks that each acknowledged API key and each acknowledged link recipient is stored exactly once. */
export async function storedFacts(world: ProveWorld, ack: { apiKeys: string[]; recipientIds: string[] }): Promise<StoredFacts> {
  return withStore(world, async (store) => {
    const ctx = tenantContext(store, systemActor(world.enterpriseId));
    const responses = await ctx.store.collection<ResponseDoc>('responses').find({}, { fields: ['_id', 'dedupeKey', 'refs'] });
    const times = new Map<string, number>();
    for (const r of responses) {
      const key = r.refs?.recipientId ? `recipient:${r.refs.recipientId}` : String(r.dedupeKey);
      times.set(key, (times.get(key) ?? 0) + 1);
    }
    const expected = [...ack.apiKeys.map((k) => `key:${world.enterpriseId}:${k}`), ...ack.recipientIds.map((id) => `recipient:${id}`)];
    return {
      responses: responses.length,
      rollupMismatches: await rollupMismatches(store, world.enterpriseId),
      missing: expected.filter((k) => !times.get(k)),
      duplicated: [...times].filter(([, n]) => n > 1).map(([k]) => k),
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
