/**
 * What a case looks like to whoever asks: the phone number always masked. The
 * agent holding the case right now may reveal it (revealCasePhone, a recorded
 * "show" click); nobody else (lists, supervisors, exports, other agents) can.
 */
import { ForbiddenError } from '../../errors';
import { recordAudit } from '../auditLog';
import { withTenantTransaction, type TenantContext } from '../context';
import { getCase } from './cases';
import { maskPhone } from './phone';
import type { CallCase } from './types';

export interface CaseView {
  _id: string;
  caseId: string;
  siteId: string;
  siteCode: string;
  customerName: string;
  /** Masked: the holder reveals it with revealCasePhone. */
  phone: string;
  phoneMasked: true;
  /** The reader holds the case, so a "show" click may reveal the number. */
  mayRevealPhone: boolean;
  serviceType: string;
  serviceDate: string;
  status: CallCase['status'];
  callListId?: string;
  attempts: number;
  dayparts: CallCase['dayparts'];
  contacted: boolean;
  lastOutcome?: CallCase['lastOutcome'];
  lastAttemptAt?: string;
  dueAt?: string;
  callbackAt?: string;
  closedAt?: string;
  responseId?: string;
  heldByYou: boolean;
  claimExpiresAt?: string;
}

export function holds(ctx: TenantContext, c: CallCase, now = new Date()): boolean {
  return c.status === 'open' && c.holderId === ctx.actor.userId && c.claimExpiresAt > now.toISOString();
}

export function caseView(ctx: TenantContext, c: CallCase, now = new Date()): CaseView {
  const heldByYou = holds(ctx, c, now);
  return {
    _id: c._id,
    caseId: c.caseId,
    siteId: c.siteId,
    siteCode: c.siteCode,
    customerName: c.customerName,
    phone: maskPhone(c.phone),
    phoneMasked: true,
    mayRevealPhone: heldByYou,
    serviceType: c.serviceType,
    serviceDate: c.serviceDate,
    status: c.status,
    callListId: c.callListId,
    attempts: c.attempts,
    dayparts: c.dayparts,
    contacted: c.contacted,
    lastOutcome: c.lastOutcome,
    lastAttemptAt: c.lastAttemptAt,
    dueAt: c.dueAt,
    callbackAt: c.callbackAt,
    closedAt: c.closedAt,
    responseId: c.responseId,
    heldByYou,
    ...(heldByYou ? { claimExpiresAt: c.claimExpiresAt } : {}),
  };
}

/** The whole number, for the agent holding the case only; each reveal goes in the audit log. */
export async function revealCasePhone(ctx: TenantContext, id: string, now = new Date()): Promise<string> {
  const c = await getCase(ctx, id);
  if (!holds(ctx, c, now)) throw new ForbiddenError('only the agent holding this case may see the whole number');
  await withTenantTransaction(ctx, (tx) => recordAudit(tx, 'contact.reveal', 'callCases', c._id, { fields: ['phone'] }));
  return c.phone;
}
