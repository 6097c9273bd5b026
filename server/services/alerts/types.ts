/**
 * A follow-up case (闭环): one per unhappy customer. A counted response that
 * sets off alert rules opens a case listing every reason; a later response
 * from the same customer (recipient or service case) joins the case while it
 * is open. Cases opened before cases existed (one per response and rule) are
 * upgraded in place by cases/legacy.ts and keep their ids and URLs.
 */
import type { Doc } from '../../store/types';
import type { Channel } from '../templates/types';
import type { TriggerDetail } from './evaluate';
import type { AlertRule } from './rules';

export const TASK_STATUSES = ['open', 'assigned', 'called', 'resolved', 'closed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Statuses of a case someone still has to work. */
export const ACTIVE_STATUSES = ['open', 'assigned', 'called'] as const satisfies readonly TaskStatus[];

export const CALLBACK_OUTCOMES = ['reached', 'noAnswer', 'refused'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

export const SEVERITIES = ['critical', 'normal'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Callback {
  at: string;
  by: string;
  byName: string;
  outcome: CallbackOutcome;
  note: string;
}

/** One reason of a case: the rule a response set off. */
export interface CaseReason {
  rule: AlertRule;
  detail: TriggerDetail;
  /** In words, for the API and the audit log (pages translate from rule + detail). */
  reason: string;
  responseId: string;
  respondedAt: string;
  channel: Channel;
}

export interface Escalation {
  /** Index in the enterprise's escalation levels (0 = the first level). */
  level: number;
  at: string;
  to: string[];
  state: 'sent' | 'failed' | 'nobody';
}

export type RecoveryState = 'sent' | 'recovered' | 'notRecovered';

export interface Recovery {
  state: RecoveryState;
  /** SHA-256 of the link's token: the link is the customer's only key, and a leaked database must not answer for them. */
  tokenHash: string;
  to: string;
  sentAt: string;
  answeredAt?: string;
  solved?: boolean;
  /** 1–5 stars. */
  rating?: number;
}

export interface FollowUpTask extends Doc {
  enterpriseId: string;
  /** The response that opened the case. */
  responseId: string;
  siteId: string;
  siteCode: string;
  channel: Channel;
  /** The first reason, as before cases (kept for the API and older readers). */
  rule: AlertRule;
  detail: TriggerDetail;
  reason: string;
  respondedAt: string;
  /** Every reason of every response of the case, in the order they came. */
  reasons?: CaseReason[];
  /** rule → true, so lists can filter by reason with a plain field condition. */
  has?: Partial<Record<AlertRule, true>>;
  /** Every response of the case (the first, then those that joined). */
  responseIds?: string[];
  /** Who the case is about: recipient:<id>, case:<service case no>, phone:<digits> or response:<id>. */
  customerKey?: string;
  /** The invited customer (campaign recipient) whose contact details the case may show. */
  recipientId?: string;
  /** The enterprise's service case (work order) number, when a channel knew it. */
  serviceCase?: string;
  severity?: Severity;
  /** 1 critical, 2 normal: sorts "most urgent first" with a plain ascending sort. */
  priority?: number;
  dueAt?: string;
  escalations?: Escalation[];
  /** Levels already mailed: escalation never mails a level twice. */
  escalatedLevel?: number;
  status: TaskStatus;
  assigneeId?: string;
  assigneeName?: string;
  callbacks: Callback[];
  /** The first call-back, reached or not: the time-to-first-contact figure. */
  firstContactAt?: string;
  resolution?: { note: string; at: string; by: string; byName: string; rootCause?: string; action?: string };
  /** Closed without a resolution (bulk close: duplicate, test, unreachable…). */
  closure?: { reason: string; at: string; by: string; byName: string };
  recovery?: Recovery;
  /** The manager's email: pending until one sender claims it, so a second event never mails twice. */
  notify: { state: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped'; to: string[]; at?: string; error?: string };
  createdAt: string;
  updatedAt: string;
  assignedAt?: string;
  calledAt?: string;
  resolvedAt?: string;
  closedAt?: string;
  /** resolvedAt − createdAt, for the time-to-resolution figures. */
  hoursToResolve?: number;
  /** Bumped on every change: two people working the same case cannot overwrite each other unseen. */
  rev: number;
}

/** Deterministic id of the case a response opens: a second delivery of the same event finds it. */
export const caseId = (responseId: string) => `fu-${responseId}`;

/** The id cases had when each rule opened its own task; such ids still resolve. */
export const taskId = (responseId: string, rule: AlertRule) => `fu-${responseId}-${rule}`;

/** The reasons of a case, also for one stored before cases listed several. */
export function reasonsOf(task: FollowUpTask): CaseReason[] {
  return (
    task.reasons ?? [
      { rule: task.rule, detail: task.detail, reason: task.reason, responseId: task.responseId, respondedAt: task.respondedAt, channel: task.channel },
    ]
  );
}

export const isActive = (status: TaskStatus) => (ACTIVE_STATUSES as readonly string[]).includes(status);
