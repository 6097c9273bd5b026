/**
 * A campaign's recipients as a list people work through: one page at a time,
 * narrowed by where each recipient stands (invited, reminded, answered…) and
 * by a search over name, email, phone and external reference (case id).
 * The status filter is a store query; the store has no text search, so the
 * search reads the status-filtered recipients in order and keeps the matches.
 * A caller confined to some sites sees only theirs: the scoped store says so.
 */
import type { TenantContext } from '../context';
import { pageWindow } from '../paging';
import { assertAllowed } from '../policy';
import type { Filter, SortSpec } from '../../store/types';
import type { Recipient } from './types';

export const LIST_STATUSES = ['pending', 'invited', 'reminded', 'answered', 'bounced', 'unsubscribed', 'expired'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

export interface RecipientQuery {
  status?: ListStatus;
  /** Part of a name, email, phone or case id; case does not matter. */
  search?: string;
  page: number;
  pageSize: number;
}

export interface RecipientPage {
  recipients: Recipient[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

/** Upload order: imports in turn, rows in file order. */
const LIST_ORDER: SortSpec = { createdAt: 1, row: 1, _id: 1 };

/** Where a recipient stands, the first that holds: answered, unsubscribed, bounced, expired, reminded, invited, pending. */
export function listStatusOf(r: Recipient, now: Date): ListStatus {
  if (r.respondedAt) return 'answered';
  if (r.unsubscribedAt) return 'unsubscribed';
  if (r.bouncedAt) return 'bounced';
  if (r.expiresAt <= now.toISOString()) return 'expired';
  if (r.remindersSent > 0) return 'reminded';
  if (r.invitedAt) return 'invited';
  return 'pending';
}

/** The store filter for one status, matching listStatusOf exactly. */
export function statusFilter(status: ListStatus, now: Date): Filter {
  const absent = { $exists: false } as const;
  const present = { $exists: true } as const;
  const at = now.toISOString();
  const live = { respondedAt: absent, unsubscribedAt: absent, bouncedAt: absent, expiresAt: { $gt: at } };
  switch (status) {
    case 'answered':
      return { respondedAt: present };
    case 'unsubscribed':
      return { respondedAt: absent, unsubscribedAt: present };
    case 'bounced':
      return { respondedAt: absent, unsubscribedAt: absent, bouncedAt: present };
    case 'expired':
      return { respondedAt: absent, unsubscribedAt: absent, bouncedAt: absent, expiresAt: { $lte: at } };
    case 'reminded':
      return { ...live, remindersSent: { $gt: 0 } };
    case 'invited':
      return { ...live, remindersSent: 0, invitedAt: present };
    case 'pending':
      return { ...live, invitedAt: absent };
  }
}

/** A search term as a matcher: case-insensitive substring; digits also match a phone typed with spaces, dashes or +86. */
export function searchMatcher(search: string): (r: Recipient) => boolean {
  const needle = search.trim().toLowerCase();
  const digits = needle.replace(/[\s()-]/g, '').replace(/^(\+86|0086)/, '');
  const phoneNeedle = /^\d{3,}$/.test(digits) ? digits : null;
  return (r) =>
    [r.name, r.email, r.caseId].some((v) => v !== undefined && v.toLowerCase().includes(needle)) ||
    (r.phone !== undefined && (r.phone.includes(needle) || (phoneNeedle !== null && r.phone.includes(phoneNeedle))));
}

/** One page of the campaign's recipients; a page past the end (the list shrank) gives the last one. */
export async function listRecipients(ctx: TenantContext, campaignId: string, q: RecipientQuery, now = new Date()): Promise<RecipientPage> {
  assertAllowed(ctx.actor, 'campaigns', 'read');
  const recipients = ctx.store.collection<Recipient>('recipients');
  const filter: Filter = { campaignId, ...(q.status ? statusFilter(q.status, now) : {}) };
  const search = q.search?.trim();
  if (!search) {
    const { page, pages, total, pageSize, offset, limit } = pageWindow(await recipients.count(filter), q.page, q.pageSize);
    const found = await recipients.find(filter, { sort: LIST_ORDER, limit, skip: offset });
    return { recipients: found, total, page, pages, pageSize };
  }
  const matches = searchMatcher(search);
  // Count every match but keep only the asked page; a page past the end is read again as the last one.
  const scan = async (page: number) => {
    const kept: Recipient[] = [];
    let total = 0;
    const from = (page - 1) * q.pageSize;
    for await (const r of recipients.iterate(filter, { sort: LIST_ORDER, batchSize: 1000 })) {
      if (!matches(r)) continue;
      if (total >= from && total < from + q.pageSize) kept.push(r);
      total += 1;
    }
    return { kept, total };
  };
  const asked = Math.max(1, q.page);
  let { kept, total } = await scan(asked);
  const { page, pages } = pageWindow(total, asked, q.pageSize);
  if (page !== asked) ({ kept, total } = await scan(page));
  return { recipients: kept, total, page, pages, pageSize: q.pageSize };
}
