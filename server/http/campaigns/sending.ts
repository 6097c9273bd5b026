/**
 * The "send invitations" button: schedule, then start sending at once in the
 * background (the scheduler would pick them up within a minute anyway).
 */
import type { AppDeps } from '../../deps';
import { getCampaign } from '../../services/campaigns/campaigns';
import { sendCampaignMail } from '../../services/campaigns/mailing';
import { requestInvitations } from '../../services/campaigns/mailing';
import type { TenantContext } from '../../services/context';
import { linkBaseUrl } from './baseUrl';

const inFlight = new Set<Promise<unknown>>();

export async function requestAndSend(deps: AppDeps, ctx: TenantContext, campaignId: string): Promise<number> {
  const scheduled = await requestInvitations(ctx, campaignId);
  const campaign = await getCampaign(ctx, campaignId);
  const run = sendCampaignMail(ctx, campaign, { mailer: deps.mailer, baseUrl: linkBaseUrl(deps.config) })
    .catch((err) => deps.logger.error({ err, campaignId }, 'sending invitations failed'))
    .finally(() => inFlight.delete(run));
  inFlight.add(run);
  return scheduled;
}

/** Resolves when the sends started by the button have finished (shutdown and tests wait on it). */
export async function sendsSettled(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight]);
}
