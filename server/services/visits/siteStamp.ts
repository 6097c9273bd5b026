/**
 * Photos and history entries of visits carry their visit's site, so the site
 * scope (server/store/siteScope.ts) confines them. Those stored before they did
 * get it here, once, at start-up; until then a site-limited user does not see them.
 */
import type { Doc, Store } from '../../store/types';
import type { Visit } from './types';

const STAMPED = ['visitEvidence', 'visitHistory'] as const;

/** Gives every photo and history entry without a site its visit's site; returns how many it changed. */
export async function stampVisitSites(store: Store): Promise<number> {
  const visits = store.collection<Visit>('visits');
  const siteOf = new Map<string, string | null>();
  let changed = 0;
  for (const name of STAMPED) {
    const collection = store.collection<Doc & { visitId: string }>(name);
    for (const doc of await collection.find({ siteId: { $exists: false } }, { fields: ['_id', 'visitId'] })) {
      if (!siteOf.has(doc.visitId)) siteOf.set(doc.visitId, (await visits.findOne({ _id: doc.visitId }, { fields: ['siteId'] }))?.siteId ?? null);
      const siteId = siteOf.get(doc.visitId);
      if (siteId) changed += (await collection.updateOne({ _id: doc._id, siteId: { $exists: false } }, { $set: { siteId } })).matched;
    }
  }
  return changed;
}
