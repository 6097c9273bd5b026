/** A follow-up task (闭环): one per counted response and alert rule. */
import type { Doc } from '../../store/types';
import type { Channel } from '../templates/types';
import type { TriggerDetail } from './evaluate';
import type { AlertRule } from './rules';

export const TASK_STATUSES = ['open', 'assigned', 'called', 'resolved'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const CALLBACK_OUTCOMES = ['reached', 'noAnswer', 'refused'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

export interface Callback {
  at: string;
  by: string;
  byName: string;
  outcome: CallbackOutcome;
  note: string;
}

export interface FollowUpTask extends Doc {
  enterpriseId: string;
  responseId: string;
  siteId: string;
  siteCode: string;
  channel: Channel;
  rule: AlertRule;
  detail: TriggerDetail;
  reason: string;
  respondedAt: string;
  status: TaskStatus;
  assigneeId?: string;
  assigneeName?: string;
  callbacks: Callback[];
  resolution?: { note: string; at: string; by: string; byName: string };
  /** The manager's email: pending until one sender claims it, so a second event never mails twice. */
  notify: { state: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped'; to: string[]; at?: string; error?: string };
  createdAt: string;
  updatedAt: string;
  assignedAt?: string;
  calledAt?: string;
  resolvedAt?: string;
  /** resolvedAt − createdAt, for the time-to-resolution figures. */
  hoursToResolve?: number;
  /** Bumped on every change: two people working the same task cannot overwrite each other unseen. */
  rev: number;
}

/** Deterministic id: the same response and rule always name the same task. */
export const taskId = (responseId: string, rule: AlertRule) => `fu-${responseId}-${rule}`;
