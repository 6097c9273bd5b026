/**
 * The visit report form is multipart (answers and photos in one post, so it
 * works without JavaScript). Order: find the visit (404 before reading a
 * byte), parse with limits, check the CSRF token, save the draft and photos
 * (so nothing entered is lost), then submit if asked and complete.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { AppError, ConflictError, ValidationError } from '../../errors';
import { withoutBidiControls, cleanInputText } from '../../services/text';
import { getVisit } from '../../services/visits/access';
import { attachEvidence, EDITABLE_STATES, listEvidence, removeEvidence, type EvidenceUpload } from '../../services/visits/evidence';
import { MAX_EVIDENCE_BYTES } from '../../services/visits/evidenceFiles';
import { saveDraft, submitReport, type ReportInput } from '../../services/visits/report';
import type { Visit } from '../../services/visits/types';
import type { TemplateContent } from '../../services/templates/types';
import { getVersion } from '../../services/templates/versions';
import { ctxOf } from '../middleware/auth';
import { csrfProtection, exposeCsrfToken } from '../middleware/security';
import { navLocals } from '../nav';
import { FIELD_PREFIX, formAnswers } from '../survey-view';
import { param } from '../validate';
import { formProblems } from './formProblems';
import { renderShopperVisit } from './shopperPages';
import { visitMenu } from './common';
import { COMMENT_PREFIX } from './views';

export const MAX_FILES_PER_POST = 6;
const GENERAL_FIELD = 'evidence';

const upload = multer({
  storage: multer.memoryStorage(),
  // Browsers send file names as raw UTF-8 (门头.jpg), not latin1.
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_EVIDENCE_BYTES, files: MAX_FILES_PER_POST, fields: 300, fieldSize: 64 * 1024, parts: 320 },
}).any();

/** multer's errors carry no HTTP status; give them one that names the field and rule. */
function receive(req: Request, res: Response, next: NextFunction): void {
  upload(req, res, (err: unknown) => {
    if (!err) {
      cleanInputText(req.body);
      for (const file of (req.files ?? []) as Express.Multer.File[]) file.originalname = withoutBidiControls(file.originalname);
      return next();
    }
    if (err instanceof multer.MulterError) {
      const field = err.field ?? GENERAL_FIELD;
      if (err.code === 'LIMIT_FILE_SIZE')
        return next(new AppError(413, 'too_large', `${field}: each photo must be at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`, field));
      if (err.code === 'LIMIT_FILE_COUNT') return next(new AppError(413, 'too_large', `${field}: at most ${MAX_FILES_PER_POST} photos per upload`, field));
      return next(new ValidationError(`${field}: ${err.message}`, field));
    }
    // The parser fails only on what the client sent (e.g. "Malformed part header"): a 400, not a 500.
    next(err instanceof Error ? new ValidationError(`body: not a readable multipart form (${err.message})`, 'body') : err);
  });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

function reportInput(content: TemplateContent, body: Record<string, unknown>): ReportInput {
  const itemComments: Record<string, string> = {};
  for (const q of content.sections.flatMap((s) => s.questions)) {
    const c = str(body[`${COMMENT_PREFIX}${q.id}`]);
    if (q.type === 'checklist' && c) itemComments[q.id] = c;
  }
  return {
    visitDate: str(body.visitDate),
    startTime: str(body.startTime),
    endTime: str(body.endTime),
    answers: formAnswers(content, body),
    itemComments,
    comments: str(body.comments),
  };
}

/** Files by field: a photo question's a_<id>, or `evidence` for the visit as a whole; anything else is refused. */
function uploadsOf(content: TemplateContent, files: Express.Multer.File[]): EvidenceUpload[] {
  const photoQuestions = new Set(
    content.sections
      .flatMap((s) => s.questions)
      .filter((q) => q.type === 'photo')
      .map((q) => q.id),
  );
  // An empty file input still posts a part with no name and no bytes.
  return files
    .filter((f) => f.size > 0 || f.originalname !== '')
    .map((f) => {
      const qid = f.fieldname.startsWith(FIELD_PREFIX) ? f.fieldname.slice(FIELD_PREFIX.length) : null;
      if (f.fieldname !== GENERAL_FIELD && !(qid && photoQuestions.has(qid)))
        throw new ValidationError(`${f.fieldname}: no photo question of this name`, f.fieldname);
      if (f.size === 0) throw new ValidationError(`${f.fieldname}: the file is empty`, f.fieldname);
      return { bytes: f.buffer, name: f.originalname, questionId: f.fieldname === GENERAL_FIELD ? null : qid, field: f.fieldname };
    });
}

async function handle(req: Request, res: Response, visit: Visit): Promise<void> {
  const ctx = ctxOf(req);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const { content } = await getVersion(ctx, visit.templateId, visit.templateVersion);
  const input = reportInput(content, body);
  const submitting = body.intent === 'submit';
  if (!EDITABLE_STATES.includes(visit.state)) {
    // Already sent: a re-sent submit returns to the visit and stores nothing; anything else is refused.
    if (!submitting) throw new ConflictError(`visit: already ${visit.state}; the report can no longer be changed`, 'visitId', 'visit_state');
    const { replayed } = await submitReport(ctx, visit._id, input);
    req.session.flash = { kind: 'ok', text: res.locals.t(replayed ? 'visits.visit.alreadySubmitted' : 'visits.visit.submitted') };
    return res.redirect(303, `/my-visits/${visit._id}`);
  }
  await saveDraft(ctx, visit._id, input);
  try {
    await removeEvidence(ctx, visit, strings(body.remove));
    await attachEvidence(ctx, visit, uploadsOf(content, (req.files as Express.Multer.File[] | undefined) ?? []));
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    // The answers are saved; show the photo problem where the photos are.
    return renderShopperVisit(req, res, visit, { input, errors: { evidence: err.message }, status: err.status });
  }
  if (!submitting) {
    req.session.flash = { kind: 'ok', text: res.locals.t('visits.visit.draftSaved') };
    return res.redirect(303, `/my-visits/${visit._id}`);
  }
  const errors = await formProblems(ctx, visit, content, input, await listEvidence(ctx, visit._id), req.locale);
  if (Object.keys(errors).length) return renderShopperVisit(req, res, visit, { input, errors, status: 400 });
  await submitReport(ctx, visit._id, input);
  req.session.flash = { kind: 'ok', text: res.locals.t('visits.visit.submitted') };
  res.redirect(303, `/my-visits/${visit._id}`);
}

export function visitUploads(): Router {
  const uploads = Router();
  const visitFirst = async (req: Request, res: Response, next: NextFunction) => {
    res.locals.visit = await getVisit(ctxOf(req), param(req.params.id), 'work');
    next();
  };
  // The page chrome (CSRF token, menu) is set up here: upload routes skip the page middleware.
  uploads.post('/my-visits/:id', visitFirst, receive, csrfProtection, exposeCsrfToken, navLocals, visitMenu, async (req, res) =>
    handle(req, res, res.locals.visit as Visit),
  );
  return uploads;
}
