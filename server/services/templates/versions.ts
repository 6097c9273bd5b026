/**
 * Templates and their versions. A template holds at most one draft; publishing
 * freezes the draft as the next version (an immutable document of its own) and
 * that version goes live. Responses record template id + version, so they keep
 * scoring under the version the respondent answered.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { DuplicateKeyError, type Doc } from '../../store/types';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import type { Channel, LocalizedText, Question, TemplateContent } from './types';
import { assertPublishable, withDefaultScaleLabels } from './rules';
import { indicatorsOf } from '../questions/registry';
import { isScored, validateTemplate } from './validate';
import { assertAllowed } from '../policy';

export interface Template extends Doc {
  enterpriseId: string;
  channel: Channel;
  name: LocalizedText;
  /** The version being edited; null when there are no unpublished changes. */
  draft: TemplateContent | null;
  /** The live version, null until the first publish. */
  publishedVersion: number | null;
  /** Set while archived: out of every picker, kept for history (see lifecycle.ts). */
  archivedAt?: string | null;
  archivedBy?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateVersion extends Doc {
  enterpriseId: string;
  templateId: string;
  version: number;
  content: TemplateContent;
  publishedAt: string;
  publishedBy: string;
}

const templates = (ctx: TenantContext) => ctx.store.collection<Template>('templates');
const versions = (ctx: TenantContext) => ctx.store.collection<TemplateVersion>('templateVersions');

/** Templates to choose from; archived ones only when asked (the template list and history need them, pickers do not). */
export async function listTemplates(ctx: TenantContext, filter: { channel?: Channel; includeArchived?: boolean } = {}): Promise<Template[]> {
  const all = await templates(ctx).find(filter.channel ? { channel: filter.channel } : {}, { sort: { createdAt: 1 } });
  return filter.includeArchived ? all : all.filter((t) => !t.archivedAt);
}

export async function getTemplate(ctx: TenantContext, id: string): Promise<Template> {
  const template = await templates(ctx).findOne({ _id: id });
  if (!template) throw new NotFoundError('template');
  return template;
}

/**
 * Published versions never change, so committed reads of them are kept in
 * memory (every submission needs its version twice: to render and to score).
 * Frozen, so no caller can change the shared copy; bounded, oldest out first.
 */
const publishedVersions = new Map<string, TemplateVersion>();
const PUBLISHED_VERSIONS_KEPT = 500;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The questions of one published version, in form order; read through getVersion's shared cache, so loops over responses need no memo of their own. */
export async function versionQuestions(ctx: TenantContext, templateId: string, version: number): Promise<Question[]> {
  return (await getVersion(ctx, templateId, version)).content.sections.flatMap((s) => s.questions);
}

/** One published version; the live one when `version` is omitted. */
export async function getVersion(ctx: TenantContext, templateId: string, version?: number): Promise<TemplateVersion> {
  const wanted = version ?? (await getTemplate(ctx, templateId)).publishedVersion;
  if (wanted === null) throw new NotFoundError(`published version of template ${templateId}`);
  const key = `${ctx.actor.enterpriseId}|${templateId}|${wanted}`;
  const kept = publishedVersions.get(key);
  if (kept) return kept;
  // Scoped to the caller's enterprise like every read: another enterprise's template id finds nothing.
  const found = await versions(ctx).findOne({ templateId, version: wanted });
  if (!found) throw new NotFoundError(`version ${wanted} of template ${templateId}`);
  // A version read inside a transaction may yet be rolled back: keep only committed ones.
  if (!ctx.store.inTransaction) {
    if (publishedVersions.size >= PUBLISHED_VERSIONS_KEPT) publishedVersions.delete(publishedVersions.keys().next().value!);
    publishedVersions.set(key, deepFreeze(found));
  }
  return found;
}

export async function listVersions(ctx: TenantContext, templateId: string): Promise<Omit<TemplateVersion, 'content'>[]> {
  await getTemplate(ctx, templateId);
  const all = await versions(ctx).find({ templateId }, { sort: { version: -1 } });
  return all.map(({ content: _omit, ...meta }) => meta);
}

/** What an editor starts from: the draft, else a copy of the live version. */
export async function editableContent(ctx: TenantContext, templateId: string): Promise<TemplateContent> {
  const template = await getTemplate(ctx, templateId);
  if (template.draft) return template.draft;
  return (await getVersion(ctx, templateId)).content;
}

export async function createTemplate(ctx: TenantContext, raw: unknown): Promise<Template> {
  assertAllowed(ctx.actor, 'templates', 'manage');
  const content = validateTemplate(withDefaultScaleLabels(raw));
  const at = nowIso();
  const template: Template = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    channel: content.channel,
    name: content.name,
    draft: content,
    publishedVersion: null,
    createdAt: at,
    updatedAt: at,
  };
  await withTenantTransaction(ctx, async (tx) => {
    await templates(tx).insertOne(template);
    await recordAudit(tx, 'template.create', 'templates', template._id, { channel: content.channel });
  });
  return template;
}

/** Saves the draft; the live version is untouched until the next publish. */
export async function saveDraft(ctx: TenantContext, templateId: string, raw: unknown): Promise<Template> {
  assertAllowed(ctx.actor, 'templates', 'manage');
  const template = await getTemplate(ctx, templateId);
  const content = validateTemplate(withDefaultScaleLabels(raw));
  if (content.channel !== template.channel) {
    throw new ValidationError(`channel: a ${template.channel} template cannot become ${content.channel}; create a new template`, 'channel');
  }
  return withTenantTransaction(ctx, async (tx) => {
    const updated = await templates(tx).findOneAndUpdate({ _id: templateId }, { $set: { draft: content, name: content.name, updatedAt: nowIso() } });
    if (!updated) throw new NotFoundError('template');
    await recordAudit(tx, 'template.saveDraft', 'templates', templateId);
    return updated;
  });
}

export async function discardDraft(ctx: TenantContext, templateId: string): Promise<Template> {
  assertAllowed(ctx.actor, 'templates', 'manage');
  const template = await getTemplate(ctx, templateId);
  if (template.publishedVersion === null) throw new ConflictError('draft: a template that was never published has only its draft', 'draft');
  const updated = await templates(ctx).findOneAndUpdate({ _id: templateId }, { $set: { draft: null, updatedAt: nowIso() } });
  return updated!;
}

/**
 * Freezes the draft as the next version. The draft is validated again (the
 * catalogue may have changed since it was saved); an invalid draft is refused
 * and the live version stays as it was.
 */
export async function publish(ctx: TenantContext, templateId: string): Promise<TemplateVersion> {
  assertAllowed(ctx.actor, 'templates', 'manage');
  const template = await getTemplate(ctx, templateId);
  if (!template.draft) throw new ConflictError('draft: nothing to publish, the live version has no unpublished changes', 'draft');
  const content = validateTemplate(template.draft);
  assertPublishable(content, (q) => isScored(q) && indicatorsOf(q).some((i) => i.code !== undefined));
  const version: TemplateVersion = {
    _id: `${templateId}@${(template.publishedVersion ?? 0) + 1}`,
    enterpriseId: ctx.actor.enterpriseId,
    templateId,
    version: (template.publishedVersion ?? 0) + 1,
    content,
    publishedAt: nowIso(),
    publishedBy: ctx.actor.userId,
  };
  try {
    await withTenantTransaction(ctx, async (tx) => {
      await versions(tx).insertOne(version);
      // Guarded on the version we read, so two simultaneous publishes cannot both win.
      const { matched } = await templates(tx).updateOne(
        { _id: templateId, publishedVersion: template.publishedVersion },
        { $set: { publishedVersion: version.version, draft: null, updatedAt: version.publishedAt } },
      );
      if (!matched) throw new ConflictError('version: someone published this template at the same moment; reload', 'version');
      await recordAudit(tx, 'template.publish', 'templates', templateId, { version: version.version });
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw new ConflictError('version: someone published this template at the same moment; reload', 'version');
    throw err;
  }
  return version;
}
