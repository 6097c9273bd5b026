/**
 * What a follow-up task is about: its response, read with the frozen template
 * version it was answered on, and the photos a mystery visit attached. Photos
 * are reached through the task, so whoever may read the task sees the photos
 * of its response and no others, without needing to be a visit reviewer.
 */
import { NotFoundError } from '../../errors';
import type { Filter } from '../../store/types';
import { assertCan } from '../accounts/roles';
import { listSites } from '../accounts/sites';
import type { TenantContext } from '../context';
import type { ResponseDoc } from '../responses/types';
import type { LocalizedText, Question, TemplateContent } from '../templates/types';
import { getVersion } from '../templates/versions';
import { findVisitEvidence, storedEvidenceFile, type VisitEvidence } from '../visits/evidence';
import type { EvidenceFile } from '../visits/evidenceFiles';
import { getTask } from './tasks';
import type { FollowUpTask } from './types';

export interface TaskResponse {
  response: ResponseDoc;
  /** Null only if the version has gone, which a published version should never do. */
  content: TemplateContent | null;
  photos: VisitEvidence[];
}

const responses = (ctx: TenantContext) => ctx.store.collection<ResponseDoc>('responses');
const questionsOf = (content: TemplateContent): Question[] => content.sections.flatMap((s) => s.questions);

async function contentOf(ctx: TenantContext, response: Pick<ResponseDoc, 'templateId' | 'templateVersion'>): Promise<TemplateContent | null> {
  try {
    return (await getVersion(ctx, response.templateId, response.templateVersion)).content;
  } catch (err) {
    // A missing version must not hide the task: its answers then show by question id.
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

/** Question id → prompt, for naming failed checklist items. */
export function promptsOf(content: TemplateContent): Map<string, LocalizedText> {
  return new Map(questionsOf(content).map((q) => [q.id, q.prompt]));
}

async function photosOf(ctx: TenantContext, response: ResponseDoc, content: TemplateContent | null): Promise<VisitEvidence[]> {
  const visitId = response.refs?.visitId;
  if (!visitId || !content) return [];
  const ids = questionsOf(content)
    .filter((q) => q.type === 'photo')
    .flatMap((q) => {
      const answer = response.answers[q.id];
      return Array.isArray(answer) ? answer : [];
    });
  return findVisitEvidence(ctx, visitId, ids);
}

export async function taskResponse(ctx: TenantContext, task: FollowUpTask): Promise<TaskResponse | null> {
  const response = await responses(ctx).findOne({ _id: task.responseId });
  if (!response) return null;
  const content = await contentOf(ctx, response);
  return { response, content, photos: await photosOf(ctx, response, content) };
}

/** A response with the version it was answered on, for whoever may read scores (and its site); photos stay with visits and cases. */
export async function readResponse(ctx: TenantContext, id: string): Promise<TaskResponse> {
  assertCan(ctx.actor.role, 'scores.read');
  const filter: Filter = { _id: id };
  if (ctx.actor.siteIds?.length) filter.siteId = { $in: (await listSites(ctx)).map((s) => s._id) };
  const response = await responses(ctx).findOne(filter);
  if (!response) throw new NotFoundError('response');
  return { response, content: await contentOf(ctx, response), photos: [] };
}

/** A photo of the task's response, for anyone who may read the task; any other id is a 404. */
export async function taskPhotoFile(ctx: TenantContext, taskId: string, photoId: string, variant: 'full' | 'thumb'): Promise<EvidenceFile> {
  const found = await taskResponse(ctx, await getTask(ctx, taskId));
  const photo = found?.photos.find((p) => p._id === photoId);
  if (!photo) throw new NotFoundError('photo');
  return storedEvidenceFile(ctx, photo, variant);
}

/** The prompts of the items each critical-miss task names, by task id, for its reason line. */
export async function reasonPrompts(ctx: TenantContext, tasks: readonly FollowUpTask[]): Promise<Map<string, Map<string, LocalizedText>>> {
  const misses = tasks.filter((t) => t.detail.items?.length);
  const out = new Map<string, Map<string, LocalizedText>>();
  if (!misses.length) return out;
  const found = await responses(ctx).find({ _id: { $in: misses.map((t) => t.responseId) } });
  const byResponse = new Map(found.map((r) => [r._id, r]));
  // Versions are few and cached: one lookup per template version on the page.
  const prompts = new Map<string, Map<string, LocalizedText> | null>();
  for (const task of misses) {
    const response = byResponse.get(task.responseId);
    if (!response) continue;
    const key = `${response.templateId}|${response.templateVersion}`;
    if (!prompts.has(key)) {
      const content = await contentOf(ctx, response);
      prompts.set(key, content ? promptsOf(content) : null);
    }
    const known = prompts.get(key);
    if (known) out.set(task._id, known);
  }
  return out;
}
