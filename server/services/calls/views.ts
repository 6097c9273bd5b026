/**
 * What a case looks like to whoever asks. The phone number goes out whole only
 * to the agent holding the case right now; everyone else (lists, supervisors,
 * exports, the API, other agents) gets it masked.
 */
import type { TenantContext } from '../context';
import { maskPhone } from './phone';
import type { CallCase } from './types';

export interface CaseView {
  _id: string;
  caseId: string;
  siteId: string;
  siteCode: string;
  customerName: string;
  /** Whole for the holder, masked for everyone else. */
  phone: string;
  phoneMasked: boolean;
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
    phone: heldByYou ? c.phone : maskPhone(c.phone),
    phoneMasked: !heldByYou,
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
