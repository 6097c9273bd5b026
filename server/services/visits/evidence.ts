/**
 * Evidence records: which visit (and which photo question) a stored image
 * belongs to. Only the visit's shopper adds or removes them while the report
 * is editable; whoever may read the visit may see them.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import type { Doc } from '../../store/types';
import { nowIso, type TenantContext } from '../context';
import { MAX_PHOTOS } from '../templates/answers';
import { getVisit } from './access';
import { deleteImage, openImage, storeImage, type EvidenceFile, type StoredImage } from './evidenceFiles';
import type { Visit } from './types';

export interface VisitEvidence extends Doc, StoredImage {
  enterpriseId: string;
  visitId: string;
  /** The visit's site (absent on photos stored before site scope), so a site-limited caller sees only its own. */
  siteId?: string;
  /** The photo question it answers; null for evidence of the visit as a whole. */
  questionId: string | null;
  /** The uploaded name, for display only (never used in a path). */
  label: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface EvidenceUpload {
  bytes: Buffer;
  name: string;
  questionId: string | null;
  /** The form field, for error messages. */
  field: string;
}

const evidence = (ctx: TenantContext) => ctx.store.collection<VisitEvidence>('visitEvidence');
export const EDITABLE_STATES: Visit['state'][] = ['accepted', 'returned'];

/** A display name: the last path segment, printable characters only, at most 80. */
export function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const printable = [...base]
    .filter((c) => c >= ' ' && c !== '\u007f')
    .join('')
    .trim();
  return [...printable].slice(0, 80).join('') || 'photo';
}

export async function listEvidence(ctx: TenantContext, visitId: string): Promise<VisitEvidence[]> {
  return evidence(ctx).find({ visitId }, { sort: { uploadedAt: 1 } });
}

export async function attachEvidence(ctx: TenantContext, visit: Visit, uploads: EvidenceUpload[]): Promise<VisitEvidence[]> {
  if (!uploads.length) return [];
  if (!EDITABLE_STATES.includes(visit.state))
    throw new ConflictError(`visit: already ${visit.state}; photos can be added only while the report is being written`, 'visitId', 'visit_state');
  const existing = await evidence(ctx).count({ visitId: visit._id });
  if (existing + uploads.length > MAX_PHOTOS)
    throw new ValidationError(`${uploads[0].field}: at most ${MAX_PHOTOS} photos per visit (${existing} already)`, uploads[0].field);
  const files = ctx.root.files;
  const stored: VisitEvidence[] = [];
  try {
    for (const upload of uploads) {
      const image = await storeImage(files, ctx.actor.enterpriseId, upload.bytes, upload.field);
      stored.push({
        _id: crypto.randomUUID(),
        enterpriseId: ctx.actor.enterpriseId,
        visitId: visit._id,
        siteId: visit.siteId,
        questionId: upload.questionId,
        label: displayName(upload.name),
        uploadedBy: ctx.actor.userId,
        uploadedAt: nowIso(),
        ...image,
      });
    }
    await evidence(ctx).insertMany(stored);
  } catch (err) {
    // All or nothing: files of a refused batch do not stay behind.
    await Promise.all(stored.map((s) => deleteImage(files, s)));
    throw err;
  }
  return stored;
}

export async function removeEvidence(ctx: TenantContext, visit: Visit, ids: string[]): Promise<void> {
  if (!ids.length) return;
  if (!EDITABLE_STATES.includes(visit.state))
    throw new ConflictError(`visit: already ${visit.state}; photos can be removed only while the report is being written`, 'visitId', 'visit_state');
  const files = ctx.root.files;
  for (const id of ids) {
    const doc = await evidence(ctx).findOne({ _id: id, visitId: visit._id });
    if (!doc) throw new ValidationError(`remove: photo ${id} is not one of this visit's`, 'remove');
    await evidence(ctx).deleteOne({ _id: id });
    await deleteImage(files, doc);
  }
}

/**
 * Removes the visit's evidence records with tx's store; their files go only
 * once that transaction commits, so a decline that rolls back keeps its photos.
 */
export async function removeVisitEvidence(tx: TenantContext, visitId: string): Promise<void> {
  const docs = await listEvidence(tx, visitId);
  for (const doc of docs) await evidence(tx).deleteOne({ _id: doc._id });
  const files = tx.root.files;
  tx.store.afterCommit(() => {
    for (const doc of docs) void deleteImage(files, doc).catch(() => undefined); // a file left behind is only unused space
  });
}

/** The photos among `ids` that belong to the visit; ids of other visits find nothing. */
export async function findVisitEvidence(ctx: TenantContext, visitId: string, ids: readonly string[]): Promise<VisitEvidence[]> {
  if (!ids.length) return [];
  return evidence(ctx).find({ visitId, _id: { $in: [...ids] } }, { sort: { uploadedAt: 1 } });
}

/** The file of a record the caller has already been allowed to see. */
export function storedEvidenceFile(ctx: TenantContext, doc: VisitEvidence, variant: 'full' | 'thumb'): Promise<EvidenceFile> {
  return openImage(ctx.root.files, doc, variant);
}

/** The file to send for an evidence id, after checking the caller may read its visit. */
export async function evidenceFile(ctx: TenantContext, id: string, variant: 'full' | 'thumb'): Promise<EvidenceFile> {
  const doc = await evidence(ctx).findOne({ _id: id });
  if (!doc) throw new NotFoundError('evidence');
  await getVisit(ctx, doc.visitId, 'read');
  return storedEvidenceFile(ctx, doc, variant);
}
