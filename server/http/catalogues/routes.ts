/**
 * Catalogue import, the operator's: upload a CSV, XLSX or JSON file (multipart,
 * under /upload), see the preview with every row's errors in the page's
 * language, import it as the next version. The API takes the same file as text
 * (base64 for XLSX) and answers with the preview and its error codes.
 */
import { Router } from 'express';
import type { Store } from '../../store/types';
import { AppError, ValidationError } from '../../errors';
import { catalogues } from '../../services/catalogues';
import { commitCatalogueImport, getPreview, importedKeys, previewCatalogueImport } from '../../services/catalogues/import/imports';
import { allow } from '../middleware/auth';
import { csrfProtection } from '../middleware/security';
import { receiveSingleFile } from '../middleware/uploads';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { standardSummary } from '../standards/routes';
import { apiPreviewSchema, uploadFormSchema } from './schema';
import { previewView } from './view';

const MAX_BYTES = 2 * 1024 * 1024;
const receiveFile = receiveSingleFile(MAX_BYTES, { fields: 6, parts: 8 });
const FILE_ERRORS = ['missing_columns', 'no_rows', 'unreadable_file', 'unsupported_file'];

export function catalogueImportRoutes(store: Store) {
  const api = Router();
  const pages = Router();
  const uploads = Router();
  const manage = allow('catalogues', 'import');

  api.post('/catalogues/previews', manage, async (req, res) => {
    const body = parse(apiPreviewSchema, req.body);
    const buffer = body.format === 'xlsx' ? Buffer.from(body.content, 'base64') : Buffer.from(body.content, 'utf8');
    const preview = await previewCatalogueImport(store, req.actor!, { code: body.code, name: body.name, file: { buffer, filename: `upload.${body.format}` } });
    res.status(201).json({ preview: { id: preview._id, code: preview.code, version: preview.version, rows: preview.rows.length, errors: preview.errors } });
  });
  api.post('/catalogues/previews/:id/import', manage, async (req, res) => {
    res.status(201).json({ catalogue: standardSummary(await commitCatalogueImport(store, req.actor!, param(req.params.id))) });
  });

  pages.get('/operator/catalogues', manage, async (req, res) => {
    const imported = await importedKeys(store);
    const list = [...catalogues().values()].map((c) => ({
      key: `${c.code}@${c.version}`,
      name: c.name[req.locale],
      indicators: c.indicators.length,
      imported: imported.has(`${c.code}@${c.version}`),
    }));
    res.render('pages/catalogues', { title: res.locals.t('catalogueImport.title'), catalogues: list });
  });
  pages.get('/operator/catalogues/previews/:id', manage, async (req, res) => {
    const preview = await getPreview(store, req.actor!, param(req.params.id));
    res.render('pages/catalogue-preview', { title: res.locals.t('catalogueImport.preview.title'), ...previewView(preview, req.locale, res.locals.t) });
  });
  pages.post('/operator/catalogues/previews/:id/import', manage, async (req, res) => {
    await flashAndRedirect(req, res, '/operator/catalogues', async () => {
      const imported = await commitCatalogueImport(store, req.actor!, param(req.params.id));
      return res.locals.t('catalogueImport.imported', { key: `${imported.code}@${imported.version}` });
    });
  });

  uploads.post('/operator/catalogues', manage, receiveFile, csrfProtection, async (req, res) => {
    const t = res.locals.t as (key: string, vars?: Record<string, unknown>) => string;
    try {
      const form = parse(uploadFormSchema, req.body ?? {});
      if (!req.file || req.file.size === 0) throw new ValidationError('file: choose a CSV, XLSX or JSON file', 'file', 'no_file');
      const name = form.nameZh && form.nameEn ? { 'zh-CN': form.nameZh, en: form.nameEn } : undefined;
      const preview = await previewCatalogueImport(store, req.actor!, {
        code: form.code,
        name,
        file: { buffer: req.file.buffer, filename: req.file.originalname },
      });
      res.redirect(303, `/operator/catalogues/previews/${preview._id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      req.session.flash = {
        kind: 'error',
        text: FILE_ERRORS.includes(err.code) || err.code === 'no_file' ? `${t(`catalogueImport.fileError.${err.code}`)} (${err.message})` : err.message,
      };
      res.redirect(303, '/operator/catalogues');
    }
  });
  return { api, pages, uploads };
}
