/**
 * A year of survey answers and mystery responses for dashboard and report tests
 * (each site with its own quality), with follow-up cases for the low scores.
 * The demo seed gets its data from the channels themselves instead.
 */
import type { Logger } from 'pino';
import { listSites } from '../../server/services/accounts/sites';
import { triggeredRules } from '../../server/services/alerts/evaluate';
import { recipientsFor } from '../../server/services/alerts/notify';
import { defaultAlertRules } from '../../server/services/alerts/rules';
import { openOrJoinCase } from '../../server/services/cases/open';
import type { TenantContext } from '../../server/services/context';
import { submitResponse } from '../../server/services/responses/submit';
import type { ResponseDoc } from '../../server/services/responses/types';
import type { Answers, Channel } from '../../server/services/templates/types';
import { getVersion, listTemplates } from '../../server/services/templates/versions';
import { resolveSome } from '../../server/services/demo/dashboard';
import { mysteryAnswersFor, surveyAnswersFor } from '../../server/services/demo/dashboardAnswers';
import { DAY_MS } from '../../server/services/calendar';
import { mulberry32 } from '../../server/services/random';

/** Service quality per demo site (0–1): the ranking and heat map then differ. */
const QUALITY: Record<string, number> = { BJ01: 0.82, SH01: 0.88, GZ01: 0.7, CD01: 0.62, WH01: 0.76 };
const PER_MONTH: Record<'survey' | 'mystery', number> = { survey: 8, mystery: 1 };

export async function seedDashboardSample(ctx: TenantContext, log: Logger): Promise<void> {
  const templates = await listTemplates(ctx);
  const sites = await listSites(ctx);
  const r = mulberry32(20110927);
  const rules = defaultAlertRules();
  let responses = 0;
  let tasks = 0;
  for (const channel of ['survey', 'mystery'] as const satisfies readonly Channel[]) {
    const template = templates.find((t) => t.channel === channel && t.publishedVersion !== null);
    if (!template) continue;
    const version = await getVersion(ctx, template._id, template.publishedVersion!);
    for (const site of sites) {
      const quality = QUALITY[site.code] ?? 0.75;
      for (let month = 11; month >= 0; month--) {
        for (let i = 0; i < PER_MONTH[channel]; i++) {
          // Quality drifts up over the year, as a service improvement programme would hope.
          const q = Math.min(0.97, quality - 0.06 + (11 - month) * 0.01);
          const answers: Answers = channel === 'survey' ? surveyAnswersFor(r, q) : mysteryAnswersFor(r, q);
          const respondedAt = new Date(Date.now() - (month * 30 + r() * 29 + 0.1) * DAY_MS).toISOString();
          const { response } = await submitResponse(ctx, {
            templateId: template._id,
            templateVersion: version.version,
            siteId: site._id,
            channel,
            answers,
            source: 'demo',
            respondedAt,
          });
          responses++;
          const triggers = triggeredRules(rules, version.content, response as ResponseDoc);
          if (triggers.length) {
            const opened = new Date(Math.min(Date.now(), Date.parse(respondedAt) + 3_600_000));
            const { task } = await openOrJoinCase(ctx, response, triggers, site, { notifyTo: await recipientsFor(ctx, site), mail: false, now: opened });
            await resolveSome(ctx, task, r);
            tasks++;
          }
        }
      }
    }
  }
  log.info({ responses, tasks }, 'demo dashboard data seeded');
}
