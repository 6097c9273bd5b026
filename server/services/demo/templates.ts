/**
 * Demo data: the three shipped default templates (survey, follow-up call,
 * mystery visit), created and published in the demo enterprise so every
 * channel has a live version to work with from the first start.
 */
import type { Logger } from 'pino';
import type { TenantContext } from '../context';
import { getEnterprise } from '../accounts/enterprises';
import { defaultForEnterprise, loadDefaultTemplates } from '../templates/defaults';
import { createTemplate, listTemplates, publish } from '../templates/versions';

export async function seedDemoTemplates(ctx: TenantContext, log: Logger): Promise<void> {
  const existing = await listTemplates(ctx, { includeArchived: true });
  const { name } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  for (const content of loadDefaultTemplates().map((c) => defaultForEnterprise(c, name))) {
    // Seeding runs once per store, but a rerun after a partial failure must not duplicate templates.
    const same = existing.find((t) => t.channel === content.channel && t.name['zh-CN'] === content.name['zh-CN']);
    if (same && same.publishedVersion !== null) continue;
    const template = same ?? (await createTemplate(ctx, content));
    const version = await publish(ctx, template._id);
    log.info({ template: template._id, channel: content.channel, version: version.version }, 'demo template published');
  }
}
