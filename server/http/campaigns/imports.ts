/**
 * Recipient upload: the multipart route (under /upload: multer, then the CSRF
 * check) stages the file and sends the admin to the import page, which shows
 * the preview and row errors, commits on request, then shows progress while
 * the rows go in (the page refreshes itself, so no script is needed).
 */
import { receiveSingleFile } from '../middleware/uploads';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from '../../app';
import { AppError, ValidationError } from '../../errors';
import { getCampaign } from '../../services/campaigns/campaigns';
import { claimImport, getImport, runImport, stageImport } from '../../services/campaigns/imports';
import { ctxOf, allow } from '../middleware/auth';
import { csrfProtection } from '../middleware/security';
import { param, parse } from '../validate';
import { uploadFieldsSchema } from './schema';
import { previewRow, rowErrorRow, shortTime } from './views';

/** 100,000 rows are about 8 MB; a file several times that is not a recipient list. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

const receiveFile = receiveSingleFile(MAX_UPLOAD_BYTES, { fields: 5, parts: 8 });

export function campaignUploads() {
  const uploads = Router();
  const manage = allow('campaigns', 'manage');
  // The campaign is looked up before the body is read: another enterprise's id is a 404 without an upload.
  const campaignFirst = async (req: Request, _res: Response, next: NextFunction) => {
    await getCampaign(ctxOf(req), param(req.params.id));
    next();
  };
  uploads.post('/campaigns/:id/recipients', manage, campaignFirst, receiveFile, csrfProtection, async (req, res) => {
    const ctx = ctxOf(req);
    const { encoding } = parse(uploadFieldsSchema, req.body ?? {});
    if (!req.file || req.file.size === 0) throw new ValidationError('file: choose a CSV file to upload', 'file');
    const staged = await stageImport(ctx, param(req.params.id), { kind: 'csv', buffer: req.file.buffer, fileName: req.file.originalname, encoding });
    res.redirect(303, `/campaigns/${staged.campaignId}/imports/${staged._id}`);
  });
  return uploads;
}

export function importPages(pages: Router, deps: AppDeps): void {
  const manage = allow('campaigns', 'manage');

  pages.get('/campaigns/:id/imports/:importId', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const record = await getImport(ctx, campaign._id, param(req.params.importId, 'importId'));
    const percent = record.valid ? Math.floor((record.processed / record.valid) * 100) : 0;
    res.render('pages/campaign-import', {
      title: res.locals.t('campaigns.import.title'),
      campaign: { id: campaign._id, name: campaign.name },
      record: { ...record, at: shortTime(record.createdAt), state: res.locals.t(`campaigns.import.state.${record.state}`) },
      errors: record.errors.map((e) => rowErrorRow(e, res.locals.t)),
      staged: record.state === 'staged',
      running: record.state === 'running',
      committable: record.state === 'staged' && record.errorCount === 0 && record.valid > 0,
      percent,
      moreErrors: record.errorCount - record.errors.length,
      moreDuplicates: record.duplicateCount - record.duplicates.length,
      preview: record.preview.map(previewRow),
    });
  });

  pages.post('/campaigns/:id/imports/:importId/commit', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const record = await getImport(ctx, campaign._id, param(req.params.importId, 'importId'));
    try {
      const claimed = await claimImport(ctx, campaign._id, record._id);
      // Runs in the background; the import page follows its progress and shows a failure.
      void runImport(ctx, claimed).catch((err) => deps.logger.error({ err, importId: record._id }, 'recipient import failed'));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      req.session.flash = { kind: 'error', text: err.message };
    }
    res.redirect(303, `/campaigns/${campaign._id}/imports/${record._id}`);
  });
}
