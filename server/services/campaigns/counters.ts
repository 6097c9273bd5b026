/**
 * Campaign progress counters, one document per campaign and site, moved with
 * $inc at each recipient's transition (imported, invited, opened, responded,
 * bounced, unsubscribed), so the status page reads a handful of documents
 * instead of counting 100,000 recipients. Every transition is guarded so it
 * happens once; `recountCampaign` rebuilds the counters from the recipients
 * (after bulk data loads and interrupted imports).
 */
import type { Doc, Store } from '../../store/types';
import type { Recipient } from './types';

export const COUNTERS = ['recipients', 'invited', 'opened', 'responded', 'bounced', 'unsubscribed'] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export interface CampaignCounters extends Doc, Partial<Counts> {
  enterpriseId: string;
  campaignId: string;
  siteId: string;
}

export const emptyCounts = (): Counts => ({ recipients: 0, invited: 0, opened: 0, responded: 0, bounced: 0, unsubscribed: 0 });

const counterId = (campaignId: string, siteId: string) => `${campaignId}|${siteId}`;

/** Adds to one site's counters of a campaign (negative to take back). */
export async function bump(store: Store, at: { enterpriseId: string; campaignId: string; siteId: string }, inc: Partial<Counts>): Promise<void> {
  const changes = Object.fromEntries(Object.entries(inc).filter(([, n]) => n));
  if (!Object.keys(changes).length) return;
  const setOnInsert = { enterpriseId: at.enterpriseId, campaignId: at.campaignId, siteId: at.siteId };
  await store.collection<CampaignCounters>('campaignCounters').increment(counterId(at.campaignId, at.siteId), changes, { setOnInsert });
}

/** Counts per site id of one campaign. */
export async function readCounters(store: Store, campaignId: string): Promise<Map<string, Counts>> {
  const docs = await store.collection<CampaignCounters>('campaignCounters').find({ campaignId });
  return new Map(docs.map((d) => [d.siteId, Object.fromEntries(COUNTERS.map((k) => [k, d[k] ?? 0])) as Counts]));
}

export function countsOf(r: Recipient): Counts {
  return {
    recipients: 1,
    invited: r.invitedAt ? 1 : 0,
    opened: r.openedAt ? 1 : 0,
    responded: r.respondedAt ? 1 : 0,
    bounced: r.bouncedAt ? 1 : 0,
    unsubscribed: r.unsubscribedAt ? 1 : 0,
  };
}

/** Rebuilds a campaign's counters from its recipients: one full read. */
export async function recountCampaign(store: Store, enterpriseId: string, campaignId: string): Promise<void> {
  const perSite = new Map<string, Counts>();
  for await (const r of store.collection<Recipient>('recipients').iterate({ enterpriseId, campaignId }, { batchSize: 5000 })) {
    const counts = perSite.get(r.siteId) ?? emptyCounts();
    for (const [k, n] of Object.entries(countsOf(r))) counts[k as Counter] += n;
    perSite.set(r.siteId, counts);
  }
  const counters = store.collection<CampaignCounters>('campaignCounters');
  await counters.deleteMany({ enterpriseId, campaignId });
  for (const [siteId, counts] of perSite) await counters.insertOne({ _id: counterId(campaignId, siteId), enterpriseId, campaignId, siteId, ...counts });
}
