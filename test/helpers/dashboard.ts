/** Responses for dashboard, alert and export tests, through the one submit path. */
import { mysteryAnswersFor, surveyAnswersFor, callAnswersFor } from '../../server/services/demo/dashboardAnswers';
import { submitResponse } from '../../server/services/responses/submit';
import type { Answers, Channel } from '../../server/services/templates/types';
import { publishDefaultTemplate } from './templates';
import type { Tenant } from './world';
import { DAY_MS } from '../../server/services/calendar';
import { mulberry32 } from '../../server/services/random';

export interface Published {
  survey: { templateId: string; version: number };
  call: { templateId: string; version: number };
  mystery: { templateId: string; version: number };
}

export async function publishAll(tenant: Tenant): Promise<Published> {
  return {
    survey: await publishDefaultTemplate(tenant.ctx, 'survey'),
    call: await publishDefaultTemplate(tenant.ctx, 'call'),
    mystery: await publishDefaultTemplate(tenant.ctx, 'mystery'),
  };
}

export function submit(
  tenant: Tenant,
  published: Published,
  channel: Channel,
  siteIndex: number,
  answers: Answers | Record<string, unknown>,
  respondedAt?: string,
) {
  const t = published[channel];
  return submitResponse(tenant.ctx, {
    templateId: t.templateId,
    templateVersion: t.version,
    siteId: tenant.sites[siteIndex]._id,
    channel,
    answers,
    source: 'api',
    ...(respondedAt ? { respondedAt } : {}),
  });
}

/** n responses per channel and site, deterministic, spread over the last 60 days. */
export async function seedResponses(tenant: Tenant, published: Published, n: number, seed = 7): Promise<void> {
  const r = mulberry32(seed);
  for (const [i] of tenant.sites.entries()) {
    for (let k = 0; k < n; k++) {
      const at = new Date(Date.now() - (1 + r() * 59) * DAY_MS).toISOString();
      const q = i === 0 ? 0.85 : 0.65;
      await submit(tenant, published, 'survey', i, surveyAnswersFor(r, q), at);
      await submit(tenant, published, 'call', i, callAnswersFor(r, q), at);
      if (k % 2 === 0) await submit(tenant, published, 'mystery', i, mysteryAnswersFor(r, q), at);
    }
  }
}
