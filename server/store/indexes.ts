/**
 * Indexes the foundation's queries rely on. Run at boot; creating an index that
 * exists is a no-op in both stores. Features add theirs beside their services.
 */
import type { IndexSpec, Store } from './types';

export const CORE_INDEXES: Record<string, IndexSpec[]> = {
  enterprises: [{ fields: { code: 1 }, unique: true }],
  sites: [{ fields: { enterpriseId: 1, code: 1 }, unique: true }],
  users: [{ fields: { email: 1 }, unique: true }, { fields: { enterpriseId: 1 } }],
  sessions: [{ fields: { expiresAt: 1 } }],
  // Set-password links are found by the hash of their secret (_id); this serves an enterprise's open invitations.
  accountTokens: [{ fields: { enterpriseId: 1, purpose: 1, createdAt: -1 } }],
  apiTokens: [{ fields: { tokenHash: 1 }, unique: true }],
  auditLog: [{ fields: { enterpriseId: 1, at: 1 } }],
  // A unique (enterpriseId, idempotencyKey) would clash on every response without a key
  // (MongoDB indexes a missing field as null), so the service always sets dedupeKey instead.
  responses: [
    { fields: { enterpriseId: 1, siteId: 1, submittedAt: 1 } },
    { fields: { dedupeKey: 1 }, unique: true },
    // Dashboard comments and exports read a period newest-first or in time order.
    { fields: { enterpriseId: 1, respondedAt: 1 } },
    // An approved visit's responses, one per counted revision (services/visits/counting.ts).
    { fields: { enterpriseId: 1, 'refs.visitId': 1 } },
    // A follow-up case lists the other answers of its invited customer.
    { fields: { enterpriseId: 1, 'refs.recipientId': 1 } },
    // The rollup rebuild reads counted responses a day at a time, and only these fields: covered, no document is opened.
    { fields: { enterpriseId: 1, countedAt: 1 }, include: ['siteId', 'channel', 'catalogue', 'respondedAt', 'contribution'], name: 'rollupSource' },
  ],
  // Rollup documents use their deterministic key as _id, which is already unique.
  rollups: [{ fields: { enterpriseId: 1, grain: 1, day: 1 } }],
  templates: [{ fields: { enterpriseId: 1, createdAt: 1 } }],
  templateVersions: [{ fields: { enterpriseId: 1, templateId: 1, version: 1 } }],
  projects: [{ fields: { enterpriseId: 1 } }],
  audits: [{ fields: { enterpriseId: 1, plannedDate: -1 } }, { fields: { enterpriseId: 1, kind: 1, status: 1 } }],
  // Entry and bonus ids are deterministic (audit|site|code), so these only serve the per-audit listings.
  auditEntries: [{ fields: { enterpriseId: 1, auditId: 1, siteId: 1 } }],
  auditAdjustments: [{ fields: { enterpriseId: 1, auditId: 1, siteId: 1 } }],
  // Campaigns (survey links): tokens are looked up without a tenant, so their index is global.
  campaigns: [{ fields: { enterpriseId: 1, createdAt: 1 } }, { fields: { linksExpireAt: 1 } }],
  recipients: [
    { fields: { token: 1 }, unique: true },
    { fields: { enterpriseId: 1, campaignId: 1, emailKey: 1 }, unique: true },
    { fields: { enterpriseId: 1, campaignId: 1, phoneKey: 1 }, unique: true },
    { fields: { enterpriseId: 1, campaignId: 1, nextMailAt: 1 } },
    { fields: { enterpriseId: 1, campaignId: 1, siteId: 1 } },
    // A customer's history by their contact (cases/contactHistory.ts).
    { fields: { enterpriseId: 1, phone: 1 } },
    { fields: { enterpriseId: 1, email: 1 } },
  ],
  recipientImports: [{ fields: { enterpriseId: 1, campaignId: 1, createdAt: 1 } }, { fields: { state: 1, heartbeatAt: 1 } }],
  recipientImportChunks: [{ fields: { importId: 1 } }],
  siteLinks: [{ fields: { enterpriseId: 1, campaignId: 1 } }],
  deviceResponses: [{ fields: { enterpriseId: 1, campaignId: 1, siteLinkId: 1 } }],
  // Counter documents use campaign|site as _id; this serves a campaign's status page.
  campaignCounters: [{ fields: { enterpriseId: 1, campaignId: 1 } }],
  // One follow-up task per (response, rule): the _id is deterministic; these serve the task lists and figures.
  followUpTasks: [
    { fields: { enterpriseId: 1, status: 1, createdAt: -1 } },
    { fields: { enterpriseId: 1, resolvedAt: 1 } },
    // Case lists by site, the escalation scan (active cases past due) and the figures' periods.
    { fields: { enterpriseId: 1, siteId: 1, status: 1, dueAt: 1 } },
    { fields: { status: 1, dueAt: 1 } },
    { fields: { enterpriseId: 1, createdAt: 1 } },
    // A recovery survey link is looked up without a tenant (the customer has no account).
    { fields: { 'recovery.tokenHash': 1 } },
    // A customer's earlier cases (cases/history.ts, cases/contactHistory.ts).
    { fields: { enterpriseId: 1, customerKey: 1 } },
  ],
  // Walk-in phone numbers left with the consent question; erased per campaign.
  walkInContacts: [{ fields: { enterpriseId: 1, campaignId: 1 } }, { fields: { enterpriseId: 1, phone: 1 } }],
  // Saved filtered views of the case list, per user.
  caseViews: [{ fields: { enterpriseId: 1, userId: 1, name: 1 } }],
  // Follow-up calls: one case per enterprise case id; "next case" reads open cases by priority and due time.
  callCases: [
    { fields: { enterpriseId: 1, caseId: 1 }, unique: true },
    { fields: { enterpriseId: 1, siteId: 1, status: 1, serviceDate: 1 } },
    // "Next case" walks this in priority and due order; claimExpiresAt in the key lets it pass over the
    // cases other agents hold without opening each one (they sort first: they were due first).
    { fields: { enterpriseId: 1, status: 1, priority: 1, dueAt: 1, claimExpiresAt: 1 } },
    { fields: { enterpriseId: 1, callListId: 1, caseId: 1 } },
    // "The case this agent holds" (calls/claims.ts heldCase) on every next-case request: without it, a scan of every open case.
    { fields: { enterpriseId: 1, holderId: 1, claimExpiresAt: 1 } },
    // The customer's other service cases, by phone (cases/contactHistory.ts).
    { fields: { enterpriseId: 1, phone: 1 } },
  ],
  callLists: [{ fields: { enterpriseId: 1, periodFrom: -1, siteCode: 1 } }],
  // By list (supervisor figures), by case (history) and by agent (the workspace's calls today).
  callAttempts: [
    { fields: { enterpriseId: 1, callListId: 1 } },
    { fields: { enterpriseId: 1, caseRef: 1, at: 1 } },
    { fields: { enterpriseId: 1, agentId: 1, at: 1 } },
  ],
  callImports: [{ fields: { enterpriseId: 1, at: -1 } }],
  // Mystery visits: plan listings, a plan's visits, a shopper's assignments (and the revisit rule), the QA queue.
  visitPlans: [{ fields: { enterpriseId: 1, from: -1 } }],
  visits: [
    { fields: { enterpriseId: 1, planId: 1, seq: 1 } },
    { fields: { enterpriseId: 1, shopperId: 1, siteId: 1 } },
    { fields: { enterpriseId: 1, state: 1, submittedAt: 1 } },
  ],
  visitHistory: [{ fields: { enterpriseId: 1, visitId: 1, at: 1 } }],
  visitEvidence: [{ fields: { enterpriseId: 1, visitId: 1 } }],
  shopperProfiles: [{ fields: { enterpriseId: 1 } }],
  // The job queue: workers claim the queued job due first; the operator lists failed ones, the purge finished ones.
  jobs: [{ fields: { state: 1, runAt: 1 } }, { fields: { state: 1, finishedAt: -1 } }],
  // Every counted response looks up its enterprise's enabled endpoints; the delivery log reads one endpoint newest first.
  webhookEndpoints: [{ fields: { enterpriseId: 1, enabled: 1 } }],
  webhookAttempts: [{ fields: { enterpriseId: 1, endpointId: 1, at: -1 } }],
  // The outbox page lists one enterprise's messages newest first.
  outboxMessages: [{ fields: { enterpriseId: 1, at: -1 } }],
};

/**
 * Indexes earlier releases created that no query needs any more, dropped at boot: each costs a write
 * on every change, and the planner may pick one over its replacement (both serve the same prefix).
 */
export const RETIRED_INDEXES: Record<string, IndexSpec[]> = {
  // Replaced by the same key with claimExpiresAt (2026-12-03), which lets "next case" pass over held cases.
  callCases: [{ fields: { enterpriseId: 1, status: 1, priority: 1, dueAt: 1 } }],
};

export async function ensureCoreIndexes(store: Store): Promise<void> {
  for (const [collection, indexes] of Object.entries(RETIRED_INDEXES)) await store.dropIndexes(collection, indexes);
  for (const [collection, indexes] of Object.entries(CORE_INDEXES)) await store.ensureIndexes(collection, indexes);
}
