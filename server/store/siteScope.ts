/**
 * Site scope (多场所): which collections hold a site's data, and in which
 * field. This is the one place that says so; the scoped store reads it to
 * confine a caller limited to some sites, so no query can forget the limit.
 */
import { NotFoundError } from '../errors';
import { isScalar } from './validate';
import type { FieldCondition, Filter, Scalar } from './types';

/**
 * Collection → the field naming the site a document belongs to, or null when
 * the collection holds no one site's data (it spans sites or has none).
 * A caller limited to some sites may not touch a collection missing here.
 */
export const SITE_FIELD: Readonly<Record<string, string | null>> = {
  // A site is its own scope.
  sites: '_id',
  // Customer data, scores and the work done at a site.
  responses: 'siteId',
  rollups: 'siteId',
  callCases: 'siteId',
  callLists: 'siteId',
  callAttempts: 'siteId',
  visitPlans: 'siteId',
  visits: 'siteId',
  visitEvidence: 'siteId',
  visitHistory: 'siteId',
  followUpTasks: 'siteId',
  recipients: 'siteId',
  // What happened to one recipient's mail (sent, failed, bounced, resend asked), for its history.
  recipientEvents: 'siteId',
  campaignCounters: 'siteId',
  siteLinks: 'siteId',
  auditEntries: 'siteId',
  auditAdjustments: 'siteId',
  // A walk-in customer's consent to be called back, kept apart from the answers.
  walkInContacts: 'siteId',
  // Enterprise-wide: definitions, plans spanning sites, accounts and bookkeeping.
  templates: null,
  templateVersions: null,
  campaigns: null,
  recipientImports: null,
  recipientImportChunks: null,
  callImports: null,
  audits: null,
  projects: null,
  // Certification scheme versions an operator published: platform-wide, no enterprise's or site's data.
  schemes: null,
  // Imported indicator catalogues and their previews: platform-wide, no enterprise's or site's data.
  catalogues: null,
  catalogueImports: null,
  alertRules: null,
  auditLog: null,
  users: null,
  shopperProfiles: null,
  apiTokens: null,
  enterprises: null,
  sessions: null,
  loginFailures: null,
  // Request counters per client address and window (rate limits shared by every process): no data of a site.
  rateLimitWindows: null,
  rollupLayouts: null,
  // A lock row per site, counting assignments: holds no data to read.
  visitLocks: null,
  // A marker that a device answered a site link today: holds no answers.
  deviceResponses: null,
  // Markers of the closed loop (response → case, customer → open case): ids only, no customer data.
  caseResponses: null,
  openCases: null,
  // Case settings (due times, root causes, escalation) and a user's saved case views.
  caseSettings: null,
  caseViews: null,
  // An enterprise's comment topics (labels and keywords): definitions, no site's data.
  topicSets: null,
  // Invitation and reset links of accounts.
  accountTokens: null,
  // The readiness probe's own write.
  readiness: null,
  // The job queue: side effects and recurring sweeps of every enterprise (and of none); only workers and the operator read it.
  jobs: null,
  // Webhook addresses hear events of every site of their enterprise; their delivery log goes with them.
  webhookEndpoints: null,
  webhookAttempts: null,
  // The outbox of mails not sent over SMTP: enterprise-wide, read only by those who see every site.
  outboxMessages: null,
  // File contents (photos, .eml) live in the file store (DATA_DIR or GridFS bucket 'files'), reached only
  // through the records above that name them (visitEvidence by site, outboxMessages enterprise-wide).
};

/** The site field of a collection for a caller limited to some sites; throws when the collection was never declared. */
export function siteFieldOf(collection: string): string | null {
  const field = SITE_FIELD[collection];
  if (field === undefined) throw new Error(`collection ${collection} has no site-scope declaration in server/store/siteScope.ts`);
  return field;
}

/** Whether one stored scalar meets a filter condition, as the adapters evaluate it. */
function meets(value: Scalar, cond: Scalar | FieldCondition): boolean {
  if (isScalar(cond)) return value === cond;
  if (cond.$eq !== undefined && value !== cond.$eq) return false;
  if (cond.$ne !== undefined && value === cond.$ne) return false;
  if (cond.$in !== undefined && !cond.$in.includes(value)) return false;
  if (cond.$exists === false) return false;
  if (typeof value !== 'string') return false;
  const bound = (v: string | number | undefined) => (typeof v === 'string' ? v : undefined);
  const gt = bound(cond.$gt),
    gte = bound(cond.$gte),
    lt = bound(cond.$lt),
    lte = bound(cond.$lte);
  if ((cond.$gt !== undefined && (gt === undefined || !(value > gt))) || (cond.$gte !== undefined && (gte === undefined || !(value >= gte)))) return false;
  if ((cond.$lt !== undefined && (lt === undefined || !(value < lt))) || (cond.$lte !== undefined && (lte === undefined || !(value <= lte)))) return false;
  return true;
}

/**
 * The caller's filter AND the site scope. The scope is a finite set of ids, so
 * the conjunction is the ids that also meet the caller's condition: no key of
 * the caller's filter can widen it.
 */
export function confineFilter(filter: Filter, field: string, siteIds: readonly string[]): Filter {
  const asked = filter[field];
  if (asked === undefined) return { ...filter, [field]: { $in: [...siteIds] } };
  // An allowed plain equality stays one, so an upsert still copies it into the new document.
  if (typeof asked === 'string' && siteIds.includes(asked)) return filter;
  return { ...filter, [field]: { $in: siteIds.filter((id) => meets(id, asked)) } };
}

/** Refuses a document, or a value about to be written, that would sit at a site outside the scope. */
export function assertSiteInScope(value: unknown, siteIds: readonly string[]): void {
  if (typeof value !== 'string' || !siteIds.includes(value)) throw new NotFoundError('site');
}
