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
  apiTokens: [{ fields: { tokenHash: 1 }, unique: true }],
  auditLog: [{ fields: { enterpriseId: 1, at: 1 } }],
  // A unique (enterpriseId, idempotencyKey) would clash on every response without a key
  // (MongoDB indexes a missing field as null), so the service always sets dedupeKey instead.
  responses: [{ fields: { enterpriseId: 1, siteId: 1, submittedAt: 1 } }, { fields: { dedupeKey: 1 }, unique: true }],
  // Rollup documents use their deterministic key as _id, which is already unique.
  rollups: [{ fields: { enterpriseId: 1, grain: 1, day: 1 } }],
  templates: [{ fields: { enterpriseId: 1, createdAt: 1 } }],
  templateVersions: [{ fields: { enterpriseId: 1, templateId: 1, version: 1 } }],
  projects: [{ fields: { enterpriseId: 1 } }],
};

export async function ensureCoreIndexes(store: Store): Promise<void> {
  for (const [collection, indexes] of Object.entries(CORE_INDEXES)) await store.ensureIndexes(collection, indexes);
}
