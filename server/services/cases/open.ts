/**
 * One case per unhappy customer. A response that sets off alert rules opens
 * a case listing every reason, owned by its site's manager and due by its
 * severity; while that case is open, a later response from the same customer
 * (recipient or service case) joins it instead of opening another.
 *
 * Idempotent: a marker per response (caseResponses, _id = response id)
 * commits with the case, so a second delivery of the same event finds the
 * case it already opened or joined. The open case of a customer is found
 * through openCases (_id = customer key), removed when the case is finished.
 */
import type { Trigger } from '../alerts/evaluate';
import { caseId, type CaseReason, type FollowUpTask, reasonsOf, type Severity } from '../alerts/types';
import type { Site } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { withTenantTransaction, type TenantContext } from '../context';
import type { ResponseDoc } from '../responses/types';
import { DuplicateKeyError, type Doc } from '../../store/types';
import { announceCaseChange } from './announce';
import { customerOf } from './customer';
import { defaultOwner } from './owner';
import { getCaseSettings } from './settings';

interface CaseResponse extends Doc {
  enterpriseId: string;
  caseId: string;
}

interface OpenCase extends Doc {
  enterpriseId: string;
  caseId: string;
}

export interface OpenedCase {
  task: FollowUpTask;
  /** True when this call opened the case. */
  created: boolean;
  /** True when this call added the response to a case already open. */
  joined: boolean;
}

/**
 * Critical: a failed critical mystery item, the lowest overall rating on its
 * scale, or a likelihood to recommend of 0–2 (an active detractor).
 */
export function severityOf(reasons: readonly Pick<CaseReason, 'rule' | 'detail'>[]): Severity {
  const critical = reasons.some(
    (r) => r.rule === 'criticalMiss' || (r.rule === 'lowOverall' && r.detail.rating === 1) || (r.rule === 'lowNps' && (r.detail.nps ?? 10) <= 2),
  );
  return critical ? 'critical' : 'normal';
}

export const priorityOf = (severity: Severity) => (severity === 'critical' ? 1 : 2);

const openCaseId = (enterpriseId: string, customerKey: string) => `open:${enterpriseId}:${customerKey}`;
const addHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

function reasonsFrom(response: ResponseDoc, triggers: readonly Trigger[]): CaseReason[] {
  return triggers.map((t) => ({
    rule: t.rule,
    detail: t.detail,
    reason: t.reason,
    responseId: response._id,
    respondedAt: response.respondedAt,
    channel: response.channel,
  }));
}

const flags = (reasons: readonly CaseReason[]) => Object.fromEntries(reasons.map((r) => [r.rule, true as const]));

export interface OpenOptions {
  /** Demo data opens cases without mailing anyone ('skipped'); alerts mail ('pending'). */
  mail?: boolean;
  /** Who the alert mail goes to when the case has no owner. */
  notifyTo: string[];
  /** When the case opens (the demo backdates its history). */
  now?: Date;
}

export async function openOrJoinCase(
  ctx: TenantContext,
  response: ResponseDoc,
  triggers: readonly Trigger[],
  site: Pick<Site, '_id'>,
  options: OpenOptions,
): Promise<OpenedCase> {
  const customer = await customerOf(ctx, response);
  const settings = await getCaseSettings(ctx);
  const owner = await defaultOwner(ctx, site, settings);
  const attempt = () =>
    withTenantTransaction(ctx, async (tx) => {
      const markers = tx.store.collection<CaseResponse>('caseResponses');
      const cases = tx.store.collection<FollowUpTask>('followUpTasks');
      const done = await markers.findOne({ _id: response._id });
      if (done) return { task: (await cases.findOne({ _id: done.caseId }))!, created: false, joined: false };

      const now = (options.now ?? new Date()).toISOString();
      const added = reasonsFrom(response, triggers);
      const open = await tx.store.collection<OpenCase>('openCases').findOne({ _id: openCaseId(ctx.actor.enterpriseId, customer.key) });
      const current = open ? await cases.findOne({ _id: open.caseId }) : null;
      if (current) {
        const reasons = [...reasonsOf(current), ...added];
        const severity = severityOf(reasons);
        const sooner = severity === 'critical' && current.severity !== 'critical' ? addHours(current.createdAt, settings.slaHours.critical) : current.dueAt;
        const task = await cases.findOneAndUpdate(
          { _id: current._id, rev: current.rev },
          {
            $set: {
              reasons,
              has: flags(reasons),
              responseIds: [...(current.responseIds ?? [current.responseId]), response._id],
              severity,
              priority: priorityOf(severity),
              dueAt: sooner,
              updatedAt: now,
              rev: current.rev + 1,
            },
          },
        );
        if (!task) throw new DuplicateKeyError('followUpTasks', 'the case changed while a response joined it');
        await markers.insertOne({ _id: response._id, enterpriseId: ctx.actor.enterpriseId, caseId: task._id });
        await recordAudit(tx, 'followUp.join', 'followUpTasks', task._id, { responseId: response._id, rules: triggers.map((t) => t.rule) });
        announceCaseChange(tx, task);
        return { task, created: false, joined: true };
      }

      const severity = severityOf(added);
      const first = added[0]!;
      const task: FollowUpTask = {
        _id: caseId(response._id),
        enterpriseId: ctx.actor.enterpriseId,
        responseId: response._id,
        siteId: response.siteId,
        siteCode: response.siteCode,
        channel: response.channel,
        rule: first.rule,
        detail: first.detail,
        reason: added.map((r) => r.reason).join('; '),
        respondedAt: response.respondedAt,
        reasons: added,
        has: flags(added),
        responseIds: [response._id],
        customerKey: customer.key,
        ...(customer.recipientId ? { recipientId: customer.recipientId } : {}),
        ...(customer.serviceCase ? { serviceCase: customer.serviceCase } : {}),
        severity,
        priority: priorityOf(severity),
        dueAt: addHours(now, settings.slaHours[severity]),
        escalations: [],
        escalatedLevel: 0,
        status: owner ? 'assigned' : 'open',
        ...(owner ? { assigneeId: owner._id, assigneeName: owner.name, assignedAt: now } : {}),
        callbacks: [],
        // The owner, and whoever the site's alerts go to (its manager address and site managers), each address once.
        notify: { state: options.mail === false ? 'skipped' : 'pending', to: uniqueAddresses([...(owner ? [owner.email] : []), ...options.notifyTo]) },
        createdAt: now,
        updatedAt: now,
        rev: 1,
      };
      await cases.insertOne(task);
      await tx.store
        .collection<OpenCase>('openCases')
        .insertOne({ _id: openCaseId(ctx.actor.enterpriseId, customer.key), enterpriseId: ctx.actor.enterpriseId, caseId: task._id });
      await markers.insertOne({ _id: response._id, enterpriseId: ctx.actor.enterpriseId, caseId: task._id });
      await recordAudit(tx, 'followUp.open', 'followUpTasks', task._id, {
        rules: triggers.map((t) => t.rule),
        responseId: response._id,
        ownerId: owner?._id ?? null,
      });
      announceCaseChange(tx, task);
      return { task, created: true, joined: false };
    });
  try {
    return await attempt();
  } catch (err) {
    // Two deliveries (or two responses of one customer) raced: the loser runs again and finds the winner's case.
    if (!(err instanceof DuplicateKeyError)) throw err;
    return attempt();
  }
}

/** A finished case frees its customer: their next low answer opens a new case. */
export async function releaseCustomer(tx: TenantContext, task: Pick<FollowUpTask, '_id' | 'customerKey'>): Promise<void> {
  if (!task.customerKey) return;
  await tx.store.collection<OpenCase>('openCases').deleteOne({ _id: openCaseId(tx.actor.enterpriseId, task.customerKey), caseId: task._id });
}

/** Addresses without repeats, compared as mail servers do (case-insensitively). */
function uniqueAddresses(addresses: string[]): string[] {
  const seen = new Map<string, string>();
  for (const a of addresses) if (!seen.has(a.toLowerCase())) seen.set(a.toLowerCase(), a);
  return [...seen.values()];
}
