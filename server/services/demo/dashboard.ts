/**
 * Closes the loop on the demo's customer data: the alert rules open follow-up
 * tasks for the low scores among the channels' demo responses, and some are
 * worked to resolution, so the follow-up pages and time-to-resolution figures
 * have a history from the first start.
 */
import type { Logger } from 'pino';
import { listSites } from '../accounts/sites';
import { triggeredRules } from '../alerts/evaluate';
import { recipientsFor } from '../alerts/notify';
import { defaultAlertRules } from '../alerts/rules';
import { openTask } from '../alerts/tasks';
import type { FollowUpTask } from '../alerts/types';
import type { TenantContext } from '../context';
import type { ResponseDoc } from '../responses/types';
import type { TemplateContent } from '../templates/types';
import { getVersion } from '../templates/versions';
import { type Random, seededRandom } from './dashboardAnswers';

/** Works some tasks through to resolution (recent ones and a quarter of the rest stay open). */
export async function resolveSome(ctx: TenantContext, task: FollowUpTask, r: Random): Promise<void> {
  const opened = Date.parse(task.respondedAt) + 3_600_000;
  const resolvedAt = opened + (4 + r() * 90) * 3_600_000;
  if (resolvedAt > Date.now() || r() < 0.25) return; // recent ones and a quarter of the rest stay open
  const at = new Date(resolvedAt).toISOString();
  const hours = Math.round(((resolvedAt - opened) / 3_600_000) * 1000) / 1000;
  await ctx.store.collection<FollowUpTask>('followUpTasks').updateOne(
    { _id: task._id },
    {
      $set: {
        createdAt: new Date(opened).toISOString(),
        status: 'resolved',
        callbacks: [{ at, by: 'demo', byName: '演示数据', outcome: 'reached', note: '已致电顾客致歉并安排复修' }],
        resolution: { note: '复修完成，顾客表示满意', at, by: 'demo', byName: '演示数据' },
        calledAt: at,
        resolvedAt: at,
        hoursToResolve: hours,
        updatedAt: at,
      },
    },
  );
}

export async function seedDemoDashboard(ctx: TenantContext, log: Logger): Promise<void> {
  // The channels' own demo data (campaign answers, calls, approved visits) is already counted;
  // this step only closes the loop on it: the alert rules open tasks for its low scores and
  // some are worked to resolution, so the follow-up pages and time-to-resolution have history.
  const templates = new Map<string, TemplateContent>();
  const sites = new Map((await listSites(ctx)).map((s) => [s._id, s]));
  const r = seededRandom(20110927);
  const rules = defaultAlertRules();
  let tasks = 0;
  for await (const response of ctx.store.collection<ResponseDoc>('responses').iterate({ countedAt: { $exists: true } }, { batchSize: 500 })) {
    const key = `${response.templateId}@${response.templateVersion}`;
    if (!templates.has(key)) templates.set(key, (await getVersion(ctx, response.templateId, response.templateVersion)).content);
    const site = sites.get(response.siteId);
    if (!site) continue;
    for (const trigger of triggeredRules(rules, templates.get(key)!, response)) {
      const { task } = await openTask(ctx, response, trigger, await recipientsFor(ctx, site), { mail: false });
      await resolveSome(ctx, task, r);
      tasks++;
    }
  }
  log.info({ tasks }, 'demo follow-up tasks seeded');
}
