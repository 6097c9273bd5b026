/**
 * The walk-in consent question 「是否愿意我们联系您？」: a customer answering at
 * a site's QR link may leave a phone number for a call back. It is stored
 * apart from the answers (never in a response, so never exported with them or
 * counted), keyed by the response it came with, and erased with the
 * campaign's other contact details (campaigns/jobs.ts).
 */
import { ValidationError } from '../../errors';
import type { Doc, Without } from '../../store/types';
import { normalisePhone } from '../calls/phone';
import type { TenantContext } from '../context';

export interface WalkInContact extends Doc {
  enterpriseId: string;
  /** The response's id: one contact per walk-in response. */
  responseId: string;
  campaignId: string;
  siteId: string;
  siteLinkId: string;
  phone: string;
  consentAt: string;
}

/** What the form's consent fields hold once checked: nothing, or a phone the customer agreed to be called on. */
export type ContactConsent = { phone: string } | null;

/** Reads the form's consent fields; a ticked box needs a phone number we can dial. */
export function contactConsentOf(body: Record<string, unknown>): ContactConsent {
  if (body.contact_consent !== 'yes') return null;
  const raw = typeof body.contact_phone === 'string' ? body.contact_phone : '';
  const phone = raw.trim() ? normalisePhone(raw) : null;
  if (!phone) throw new ValidationError('contact_phone: must be a mobile or landline number when you agree to be contacted', 'contact_phone');
  return { phone };
}

export async function storeWalkInContact(tx: TenantContext, input: Without<WalkInContact, '_id' | 'enterpriseId'>): Promise<void> {
  await tx.store.collection<WalkInContact>('walkInContacts').insertOne({ _id: input.responseId, enterpriseId: tx.actor.enterpriseId, ...input });
}

export async function walkInContactOf(ctx: TenantContext, responseId: string): Promise<WalkInContact | null> {
  return ctx.store.collection<WalkInContact>('walkInContacts').findOne({ _id: responseId });
}

/** Erases the walk-in phone numbers of a campaign (its contact retention ended). */
export async function eraseWalkInContacts(ctx: TenantContext, campaignId: string): Promise<number> {
  return ctx.store.collection('walkInContacts').deleteMany({ campaignId });
}
