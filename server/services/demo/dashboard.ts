/**
 * Closes the loop on the demo's customer data: the alert rules open follow-up
 * cases for the low scores among the channels' demo responses, and most are
 * worked: called back, resolved with a root cause and an action, many with
 * the customer's recovery answer. Recent ones and some older ones stay open,
 * so the list has overdue cases and the case figures have a history.
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { listSites } from '../accounts/sites';
import { triggeredRules } from '../alerts/evaluate';
import { recipientsFor } from '../alerts/notify';
import { defaultAlertRules } from '../alerts/rules';
import type { Escalation, FollowUpTask } from '../alerts/types';
import { openOrJoinCase, releaseCustomer } from '../cases/open';
import { getCaseSettings, type CaseSettings } from '../cases/settings';
import type { TenantContext } from '../context';
import type { ResponseDoc } from '../responses/types';
import type { TemplateContent } from '../templates/types';
import { getVersion } from '../templates/versions';
import { type Random } from './dashboardAnswers';
import { mulberry32 } from '../random';

const HOUR = 3_600_000;

/** Root causes as after-sales service sees them: late visits and repairs most often, parts and charges next. */
const CAUSES: Array<[string, number, string]> = [
  ['lateVisit', 0.26, '致电致歉，改约次日上午上门并赠送延保一年'],
  ['repairQuality', 0.22, '安排高级技师二次上门复修，免收复修费用'],
  ['chargeDispute', 0.14, '核对收费明细，退还多收的上门费'],
  ['staffAttitude', 0.12, '向顾客道歉，对相关工程师进行服务礼仪再培训'],
  ['partsShortage', 0.12, '从区域仓调拨配件，三日内完成更换'],
  ['poorCommunication', 0.1, '专人跟进并每日短信告知维修进度'],
  ['other', 0.04, '记录顾客意见，转产品部门评估'],
];

function pickCause(r: Random): [string, string] {
  let x = r();
  for (const [code, share, action] of CAUSES) {
    if ((x -= share) < 0) return [code, action];
  }
  return [CAUSES[0]![0], CAUSES[0]![2]];
}

/** The levels an overdue demo case would have been escalated to by now (no mail: the demo sends none). */
function pastEscalations(task: FollowUpTask, settings: CaseSettings, now: number): Escalation[] {
  return settings.escalation.flatMap((level, i) => {
    const at = Date.parse(task.dueAt!) + level.afterHours * HOUR;
    return at <= now ? [{ level: i, at: new Date(at).toISOString(), to: [], state: 'sent' as const }] : [];
  });
}

/** Works a demo case: contact within hours, resolution within days, the customer's recovery answer for many. */
export async function resolveSome(ctx: TenantContext, task: FollowUpTask, r: Random, settings?: CaseSettings): Promise<void> {
  const s = settings ?? (await getCaseSettings(ctx));
  const now = Date.now();
  const opened = Date.parse(task.createdAt);
  const cases = ctx.store.collection<FollowUpTask>('followUpTasks');
  const contactAt = opened + (1 + r() * 30) * HOUR;
  const resolvedAt = contactAt + (2 + r() * 80) * HOUR;
  if (resolvedAt > now || r() < 0.03) {
    // Still open: called back if that time has come, escalated if it is past due.
    const contacted = contactAt <= now && r() < 0.6;
    const escalations = pastEscalations(task, s, now);
    await cases.updateOne(
      { _id: task._id },
      {
        $set: {
          escalations,
          escalatedLevel: escalations.length,
          ...(contacted
            ? {
                status: 'called',
                calledAt: new Date(contactAt).toISOString(),
                firstContactAt: new Date(contactAt).toISOString(),
                callbacks: [{ at: new Date(contactAt).toISOString(), by: 'demo', byName: '演示数据', outcome: 'noAnswer', note: '未接通，稍后再拨' }],
              }
            : {}),
        },
      },
    );
    return;
  }
  const [rootCause, action] = pickCause(r);
  const contact = new Date(contactAt).toISOString();
  const at = new Date(resolvedAt).toISOString();
  const answered = r() < 0.55 && resolvedAt + 30 * HOUR < now;
  const solved = r() < 0.74;
  await cases.updateOne(
    { _id: task._id },
    {
      $set: {
        status: 'resolved',
        callbacks: [{ at: contact, by: 'demo', byName: '演示数据', outcome: 'reached', note: '已联系顾客，了解问题经过' }],
        firstContactAt: contact,
        calledAt: contact,
        resolution: { note: '顾客接受处理方案', rootCause, action, at, by: 'demo', byName: '演示数据' },
        resolvedAt: at,
        hoursToResolve: Math.round(((resolvedAt - opened) / HOUR) * 1000) / 1000,
        updatedAt: at,
        escalations: resolvedAt > Date.parse(task.dueAt!) ? pastEscalations(task, s, resolvedAt) : [],
        ...(answered
          ? {
              recovery: {
                state: solved ? 'recovered' : 'notRecovered',
                // A demo customer answered already; no working link is kept.
                tokenHash: crypto.randomBytes(24).toString('base64url'),
                to: '',
                sentAt: at,
                answeredAt: new Date(resolvedAt + (4 + r() * 24) * HOUR).toISOString(),
                solved,
                rating: solved ? 4 + Math.round(r()) : 1 + Math.round(r() * 2),
              },
            }
          : {}),
      },
    },
  );
  await releaseCustomer(ctx, task);
}

export async function seedDemoDashboard(ctx: TenantContext, log: Logger): Promise<void> {
  // The channels' own demo data (campaign answers, calls, approved visits) is already counted;
  // this step only closes the loop on it: the alert rules open cases for its low scores and
  // most are worked, so the case list and the case figures have history.
  const templates = new Map<string, TemplateContent>();
  const sites = new Map((await listSites(ctx)).map((s) => [s._id, s]));
  const r = mulberry32(20110927);
  const rules = defaultAlertRules();
  const settings = await getCaseSettings(ctx);
  let cases = 0;
  for await (const response of ctx.store
    .collection<ResponseDoc>('responses')
    .iterate({ countedAt: { $exists: true } }, { sort: { respondedAt: 1 }, batchSize: 500 })) {
    const key = `${response.templateId}@${response.templateVersion}`;
    if (!templates.has(key)) templates.set(key, (await getVersion(ctx, response.templateId, response.templateVersion)).content);
    const site = sites.get(response.siteId);
    if (!site) continue;
    const triggers = triggeredRules(rules, templates.get(key)!, response);
    if (!triggers.length) continue;
    const opened = new Date(Math.min(Date.now(), Date.parse(response.respondedAt) + HOUR));
    const { task, created } = await openOrJoinCase(ctx, response, triggers, site, { notifyTo: await recipientsFor(ctx, site), mail: false, now: opened });
    if (!created) continue;
    await resolveSome(ctx, task, r, settings);
    cases++;
  }
  log.info({ cases }, 'demo follow-up cases seeded');
}
