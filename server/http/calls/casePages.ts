/**
 * Pages for the cases behind follow-up calls: the hub (/calls), the case list
 * with masked phones, the CSV import (multipart under /upload: multer, then the
 * CSRF check) and the import result with every row error.
 */
import { receiveSingleFile } from '../middleware/uploads';
import { Router } from 'express';
import { AppError } from '../../errors';
import { listSites } from '../../services/accounts/sites';
import { listCases } from '../../services/calls/cases';
import { localStamp, tzOffsetOf } from '../../services/calls/clock';
import { decodeCsv } from '../../services/spreadsheet';
import { getCaseImport, importCaseFile } from '../../services/calls/imports';
import { caseView } from '../../services/calls/views';
import { ctxOf, allow } from '../middleware/auth';
import { csrfProtection } from '../middleware/security';
import { pagerView } from '../pager';
import { param, parse } from '../validate';
import { queryOf } from './access';
import { caseQuerySchema } from './schema';
import { nameIn } from '../../services/accounts/names';
import { allowed } from '../../services/policy';

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const PAGE_SIZE = 100;
const receiveFile = receiveSingleFile(MAX_FILE_BYTES, { fields: 4, parts: 6 });

export function caseUploads(): Router {
  const uploads = Router();
  uploads.post('/call-cases/import', allow('calls', 'manage'), receiveFile, csrfProtection, async (req, res) => {
    const pasted = typeof req.body?.csv === 'string' ? (req.body.csv as string) : '';
    const text = req.file?.size ? decodeCsv(req.file.buffer).text : pasted;
    if (!text.trim()) {
      req.session.flash = { kind: 'error', text: 'file: choose a CSV file or paste its rows' };
      return res.redirect(303, '/call-cases');
    }
    try {
      const record = await importCaseFile(ctxOf(req), text, req.file?.originalname ?? 'pasted.csv');
      res.redirect(303, `/call-imports/${record._id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      req.session.flash = { kind: 'error', text: err.message };
      res.redirect(303, '/call-cases');
    }
  });
  return uploads;
}

export function casePages(pages: Router): void {
  const supervise = allow('calls', 'supervise');

  pages.get('/calls', allow('calls', 'readCase'), (req, res) => {
    res.render('pages/calls-home', {
      title: res.locals.t('calls.home.title'),
      canWork: allowed(req.actor!, 'calls', 'work'),
      canSupervise: allowed(req.actor!, 'calls', 'supervise'),
      canManage: allowed(req.actor!, 'calls', 'manage'),
    });
  });

  pages.get('/call-cases', supervise, async (req, res) => {
    const ctx = ctxOf(req);
    const q = parse(caseQuerySchema, queryOf(req));
    const { page, ...filters } = q;
    const [found, sites, tz] = await Promise.all([listCases(ctx, filters, { page: page ?? 1, pageSize: PAGE_SIZE }), listSites(ctx), tzOffsetOf(ctx)]);
    const t = res.locals.t as (k: string) => string;
    res.render('pages/call-cases', {
      title: t('calls.cases.title'),
      cases: found.cases.map((c) => ({ ...caseView(ctx, c), statusLabel: t(`calls.status.${c.status}`), lastAttempt: localStamp(c.lastAttemptAt, tz) })),
      total: found.total,
      sites: sites.map((s) => ({ id: s._id, code: s.code, name: nameIn(s, req.locale), selected: s._id === q.siteId })),
      statuses: ['unsampled', 'open', 'completed', 'refused', 'wrong_number', 'non_contact'].map((s) => ({
        value: s,
        label: t(`calls.status.${s}`),
        selected: s === q.status,
      })),
      pager: pagerView(found, '/call-cases', { siteId: q.siteId, status: q.status, callListId: q.callListId }),
      canManage: allowed(req.actor!, 'calls', 'manage'),
    });
  });

  pages.get('/call-imports/:id', allow('calls', 'manage'), async (req, res) => {
    const ctx = ctxOf(req);
    const record = await getCaseImport(ctx, param(req.params.id));
    const tz = await tzOffsetOf(ctx);
    const t = res.locals.t as (k: string, vars?: Record<string, unknown>) => string;
    res.render('pages/call-import', {
      title: t('calls.import.title'),
      record: { ...record, at: localStamp(record.at, tz), seconds: (record.ms / 1000).toFixed(1) },
      duplicates: record.duplicates.map((d) => ({ ...d, reason: t(`calls.import.reason.${d.reason}`) })),
      // In the reader's language from the rule code; imports made before codes keep their English rule.
      errors: record.errors.map((e) => ({
        row: e.row,
        field: e.field,
        fieldLabel: t(`calls.import.fields.${e.field}`),
        rule: e.code ? t(`calls.import.rules.${e.code}`, e.params) : e.rule,
      })),
      moreErrors: record.errorCount - record.errors.length,
      moreDuplicates: record.duplicateCount - record.duplicates.length,
    });
  });
}
