/**
 * A template's life after its first draft: archive (gone from every picker,
 * kept with its versions so past responses still read and score under them),
 * restore, and delete a template that was never published (nothing can refer
 * to it yet). A published template is archived, never deleted.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { assertAllowed } from '../policy';
import { getTemplate, type Template } from './versions';

const templates = (ctx: TenantContext) => ctx.store.collection<Template>('templates');

export function isArchived(template: Template): boolean {
  return typeof template.archivedAt === 'string';
}

/** Archiving takes a template out of use, not only out of pickers: a new campaign or visit plan may not name it. */
export async function assertUsableTemplate(ctx: TenantContext, templateId: string): Promise<void> {
  if (isArchived(await getTemplate(ctx, templateId))) {
    throw new ValidationError('templateId: the template is archived; restore it or choose another template', 'templateId');
  }
}

export async function archiveTemplate(ctx: TenantContext, templateId: string): Promise<Template> {
  assertAllowed(ctx.actor, 'templates', 'manage');
  const template = await getTemplate(ctx, templateId);
  if (isArchived(template)) return template; // archiving twice changes nothing
  const at = nowIso();
  return withTenantTransaction(ctx, async (tx) => {
    const updated = await templates(tx).findOneAndUpdate(
      { _id: templateId, updatedAt: template.updatedAt },
      { $set: { archivedAt: at, archivedBy: ctx.actor.userId, updatedAt: at } },
    );
    if (!updated) throw new ConflictError('template: changed meanwhile; reload and try again', 'templateId');
    await recordAudit(tx, 'template.archive', 'templates', templateId, { publishedVersion: template.publishedVersion });
    return updated;
  });
}

export async function restoreTemplate(ctx: TenantContext, templateId: string): Promise<Template> {
  assertAllowed(ctx.actor, 'templates', 'manage');
  const template = await getTemplate(ctx, templateId);
  if (!isArchived(template)) return template;
  const at = nowIso();
  return withTenantTransaction(ctx, async (tx) => {
    const updated = await templates(tx).findOneAndUpdate(
      { _id: templateId, updatedAt: template.updatedAt },
      { $set: { archivedAt: null, archivedBy: null, updatedAt: at } },
    );
    if (!updated) throw new ConflictError('template: changed meanwhile; reload and try again', 'templateId');
    await recordAudit(tx, 'template.restore', 'templates', templateId);
    return updated;
  });
}

/** Deletes a never-published template; a published one may have responses, campaigns or visits, so it is refused (archive it). */
export async function deleteUnpublishedTemplate(ctx: TenantContext, templateId: string): Promise<void> {
  assertAllowed(ctx.actor, 'templates', 'manage');
  const template = await getTemplate(ctx, templateId);
  if (template.publishedVersion !== null)
    throw new ConflictError('template: a published template has versions that responses may use; archive it instead', 'templateId', 'template_published');
  await withTenantTransaction(ctx, async (tx) => {
    // Guarded on "still unpublished": a publish at the same moment wins and the delete is refused.
    const removed = await templates(tx).deleteOne({ _id: templateId, publishedVersion: null });
    if (!removed) {
      const still = await templates(tx).findOne({ _id: templateId });
      if (!still) throw new NotFoundError('template');
      throw new ConflictError('template: a published template has versions that responses may use; archive it instead', 'templateId', 'template_published');
    }
    await recordAudit(tx, 'template.delete', 'templates', templateId, { name: template.name });
  });
}
