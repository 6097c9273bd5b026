/**
 * Who a response's customer is, as far as the channels tell: an invited
 * recipient (by their service case number when the invitation carried one),
 * a called customer (by the service case), a walk-in customer who left a
 * phone number, or nobody we can recognise again (the response alone).
 * The key decides which open case a later response joins.
 */
import type { CallCase } from '../calls/types';
import type { Recipient } from '../campaigns/types';
import type { TenantContext } from '../context';
import type { ResponseDoc } from '../responses/types';
import type { WalkInContact } from './consent';

export interface CustomerLink {
  key: string;
  recipientId?: string;
  /** The enterprise's service case (work order) number. */
  serviceCase?: string;
}

export async function customerOf(ctx: TenantContext, response: Pick<ResponseDoc, '_id' | 'refs'>): Promise<CustomerLink> {
  const refs = response.refs ?? {};
  if (refs.recipientId) {
    const recipient = await ctx.store.collection<Recipient>('recipients').findOne({ _id: refs.recipientId }, { fields: ['_id', 'caseId'] });
    if (recipient?.caseId) return { key: `case:${recipient.caseId}`, recipientId: refs.recipientId, serviceCase: recipient.caseId };
    return { key: `recipient:${refs.recipientId}`, recipientId: refs.recipientId };
  }
  if (refs.caseId) {
    const call = await ctx.store.collection<CallCase>('callCases').findOne({ _id: refs.caseId }, { fields: ['_id', 'caseId'] });
    if (call) return { key: `case:${call.caseId}`, serviceCase: call.caseId };
  }
  if (refs.siteLinkId) {
    const contact = await ctx.store.collection<WalkInContact>('walkInContacts').findOne({ _id: response._id }, { fields: ['_id', 'phone'] });
    if (contact?.phone) return { key: `phone:${contact.phone}` };
  }
  return { key: `response:${response._id}` };
}
