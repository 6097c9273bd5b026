/**
 * Alerts subscribe to counted responses: each event loads the response through
 * a tenant context of its own enterprise, evaluates the rules, opens one case
 * listing every reason (or joins the customer's open case) and mails the
 * case's owner or the site's manager once, however often the event is delivered.
 */
import type { Logger } from 'pino';
import type { Mailer } from '../../mail/transport';
import type { Store } from '../../store/types';
import { getSite } from '../accounts/sites';
import { systemActor, tenantContext } from '../context';
import type { DomainEvents } from '../events';
import type { ResponseDoc } from '../responses/types';
import { getVersion } from '../templates/versions';
import { triggeredRules } from './evaluate';
import { notifyTask, recipientsFor } from './notify';
import { getAlertRules } from './rules';
import { openOrJoinCase } from '../cases/open';
import { promptsOf } from './taskResponse';
import type { FollowUpTask } from './types';

export interface AlertDeps {
  store: Store;
  mailer: Mailer;
  logger: Logger;
  /** Where links in the email point (PUBLIC_URL, or the local address). */
  baseUrl: string;
}

/** Handles one counted response; returns the case it concerns (new, joined or already handled), as a list for older callers. */
export async function handleCountedResponse(deps: AlertDeps, event: DomainEvents['response.counted']): Promise<FollowUpTask[]> {
  const ctx = tenantContext(deps.store, systemActor(event.enterpriseId));
  const response = await ctx.store.collection<ResponseDoc>('responses').findOne({ _id: event.responseId });
  if (!response || !response.countedAt) return [];
  const rules = await getAlertRules(ctx);
  const version = await getVersion(ctx, response.templateId, response.templateVersion);
  const triggers = triggeredRules(rules, version.content, response);
  if (!triggers.length) return [];
  const site = await getSite(ctx, response.siteId);
  const to = await recipientsFor(ctx, site);
  const { task } = await openOrJoinCase(ctx, response, triggers, site, { notifyTo: to });
  await notifyTask(ctx, deps.mailer, deps.baseUrl, task, site, promptsOf(version.content));
  return [task];
}
