/**
 * Service recovery: after a case is resolved, the customer may get a short
 * survey by email (「问题解决了吗？」 and a 1–5 rating) through a personal link.
 * Its answer marks the case recovered or not recovered. It is no response:
 * it never enters the scores or the CPSQ; the dashboard shows the recovery
 * rate beside them. The link's token is stored only hashed.
 */
import crypto from 'node:crypto';
import { t, type Locale } from '../../i18n';
import type { Mailer } from '../../mail/transport';
import type { Store } from '../../store/types';
import { getEnterprise } from '../accounts/enterprises';
import { nameIn } from '../accounts/names';
import type { FollowUpTask, Recovery } from '../alerts/types';
import { recordAudit } from '../auditLog';
import type { Recipient } from '../campaigns/types';
import { newToken } from '../campaigns/tokens';
import { systemActor, tenantContext, withTenantTransaction, type TenantContext } from '../context';
import { announceCaseChange } from './announce';
import { getCaseSettings } from './settings';

const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');
const cases = (ctx: TenantContext) => ctx.store.collection<FollowUpTask>('followUpTasks');

/** Where the survey can go: the invited customer's email, unless they unsubscribed or it was erased. */
async function customerEmail(ctx: TenantContext, task: FollowUpTask): Promise<string | null> {
  if (!task.recipientId) return null;
  const recipient = await ctx.store
    .collection<Recipient>('recipients')
    .findOne({ _id: task.recipientId }, { fields: ['email', 'unsubscribedAt', 'bouncedAt'] });
  if (!recipient?.email || recipient.unsubscribedAt || recipient.bouncedAt) return null;
  return recipient.email;
}

/** Mails the recovery survey of a resolved case, once; returns whether it went out. */
export async function sendRecoverySurvey(ctx: TenantContext, deps: { mailer: Mailer; baseUrl: string }, task: FollowUpTask): Promise<boolean> {
  if (task.status !== 'resolved' || task.recovery) return false;
  if (!(await getCaseSettings(ctx)).recoverySurvey) return false;
  const to = await customerEmail(ctx, task);
  if (!to) return false;
  const token = newToken();
  const recovery: Recovery = { state: 'sent', tokenHash: hashOf(token), to, sentAt: new Date().toISOString() };
  const claimed = await withTenantTransaction(ctx, async (tx) => {
    const after = await cases(tx).findOneAndUpdate({ _id: task._id, status: 'resolved', recovery: { $exists: false } }, { $set: { recovery } });
    if (after) await recordAudit(tx, 'followUp.recoverySent', 'followUpTasks', task._id, {});
    return after;
  });
  if (!claimed) return false;
  const enterprise = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const link = `${deps.baseUrl}/r/${token}`;
  const vars = (locale: Locale) => ({ enterprise: nameIn(enterprise, locale), link });
  await deps.mailer.send({
    enterpriseId: ctx.actor.enterpriseId,
    to,
    subject: t('zh-CN', 'cases.recovery.mail.subject', vars('zh-CN')),
    text: [t('zh-CN', 'cases.recovery.mail.body', vars('zh-CN')), '', '—', t('en', 'cases.recovery.mail.body', vars('en'))].join('\n'),
  });
  return true;
}

export interface RecoveryLink {
  ctx: TenantContext;
  task: FollowUpTask;
}

/** The case a recovery link belongs to, found without a tenant (the customer has no account). */
export async function findRecoveryLink(root: Store, token: string): Promise<RecoveryLink | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const task = await root.collection<FollowUpTask>('followUpTasks').findOne({ 'recovery.tokenHash': hashOf(token) });
  if (!task) return null;
  return { ctx: tenantContext(root, { ...systemActor(task.enterpriseId), userId: 'respondent' }), task };
}

/** Records the customer's answer once; a second answer (back button, second tab) changes nothing. */
export async function answerRecovery(link: RecoveryLink, answer: { solved: boolean; rating: number }, now = new Date()): Promise<'thanks' | 'already'> {
  return withTenantTransaction(link.ctx, async (tx) => {
    const after = await cases(tx).findOneAndUpdate(
      { _id: link.task._id, 'recovery.state': 'sent' },
      {
        $set: {
          'recovery.state': answer.solved ? 'recovered' : 'notRecovered',
          'recovery.answeredAt': now.toISOString(),
          'recovery.solved': answer.solved,
          'recovery.rating': answer.rating,
        },
      },
    );
    if (!after) return 'already';
    await recordAudit(tx, 'followUp.recoveryAnswer', 'followUpTasks', after._id, { solved: answer.solved, rating: answer.rating });
    announceCaseChange(tx, after);
    return 'thanks';
  });
}
