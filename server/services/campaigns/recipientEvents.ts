/**
 * What happened to one recipient's mail, one document per event: each
 * invitation and reminder sent (to which address, with which subject), a
 * delivery failure the sender will retry, a bounce, a resend someone asked
 * for. The recipient document keeps only the latest of each; the history page
 * needs them all.
 */
import crypto from 'node:crypto';
import type { Doc } from '../../store/types';
import type { TenantContext } from '../context';
import type { Recipient } from './types';

export type RecipientEventKind = 'invitation' | 'reminder' | 'deliveryFailed' | 'bounced' | 'resendRequested';

export interface RecipientEvent extends Doc {
  enterpriseId: string;
  campaignId: string;
  recipientId: string;
  siteId: string;
  kind: RecipientEventKind;
  at: string;
  to?: string;
  subject?: string;
  /** The mail server's answer for a failure or bounce. */
  reason?: string;
  /** Who asked for a resend. */
  by?: string;
}

export const RECIPIENT_EVENTS = 'recipientEvents';

export async function recordRecipientEvent(
  store: TenantContext['store'],
  r: Pick<Recipient, '_id' | 'enterpriseId' | 'campaignId' | 'siteId'>,
  event: Pick<RecipientEvent, 'kind' | 'at'> & Partial<Pick<RecipientEvent, 'to' | 'subject' | 'reason' | 'by'>>,
): Promise<void> {
  await store.collection<RecipientEvent>(RECIPIENT_EVENTS).insertOne({
    _id: crypto.randomUUID(),
    enterpriseId: r.enterpriseId,
    campaignId: r.campaignId,
    recipientId: r._id,
    siteId: r.siteId,
    ...event,
  });
}
