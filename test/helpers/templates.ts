/** Publishes one of the shipped default templates in a tenant, for tests that need a live version. */
import type { TenantContext } from '../../server/services/context';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import type { Channel } from '../../server/services/templates/types';
import { createTemplate, publish } from '../../server/services/templates/versions';
import { repairPathAnswers } from '../../scripts/fixtures/defaultSurvey';

export async function publishDefaultTemplate(ctx: TenantContext, channel: Channel) {
  const content = loadDefaultTemplates().find((t) => t.channel === channel);
  if (!content) throw new Error(`no default ${channel} template`);
  const template = await createTemplate(ctx, content);
  const version = await publish(ctx, template._id);
  return { templateId: template._id, version: version.version, content };
}

/** A complete, valid answer set for the default customer-satisfaction survey (repair path). */
export function surveyAnswers(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...repairPathAnswers('师傅很专业'), ...overrides };
}
