/**
 * `/reports/audit` (print CSS, the dashboard's filters, `?audit=<id>` for an
 * audit's projection and evidence period) and `/reports/audit.pdf`, the same
 * page printed by headless Chromium.
 */
import { Router } from 'express';
import { z } from 'zod';
import { getAudit } from '../../services/audits/audits';
import { auditReport } from '../../services/dashboard/report';
import { dashboardHelpers } from '../dashboard/helpers';
import { filterShape } from '../dashboard/schema';
import { queryString, scopeOf } from '../dashboard/scope';
import { ctxOf, allow } from '../middleware/auth';
import { namesIn } from '../placeNames';
import { parse } from '../validate';
import { auditLabels, earnedLegend, reportBlocking, reportMethods } from './methods';
import { PdfUnavailableError, type BrowserLauncher } from './browser';
import { printPdf } from './pdf';

const reportQuerySchema = z
  .object({ ...filterShape, audit: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).max(100, 'must be an audit id').optional()) })
  .strict();

export const SESSION_COOKIE = 'ss.sid';

/** `launcher` starts Chromium for the PDFs (one per app: its back-off is shared by all requests). */
export function reportRoutes(launcher: BrowserLauncher) {
  const pages = Router();

  pages.get('/reports/audit', allow('reports', 'read'), async (req, res) => {
    const q = parse(reportQuerySchema, req.query);
    const scope = await scopeOf(req, q);
    const report = namesIn(await auditReport(ctxOf(req), scope, q.audit), req.locale);
    const qs = queryString(scope.filters, { audit: q.audit });
    const t = res.locals.t as (key: string, vars?: Record<string, unknown>) => string;
    res.render('pages/report-audit', {
      title: t('reports.title'),
      report,
      qs,
      auditLabel: report.audit && auditLabels(report.audit, t),
      projectionAudit: report.projection.audit && auditLabels(report.projection.audit, t),
      methods: reportMethods(report, t, req.locale),
      blocking: reportBlocking(report, t, req.locale),
      earnedLegend: earnedLegend(report),
      pdfUrl: `/reports/audit.pdf${queryString(scope.filters, { audit: q.audit, lang: req.locale })}`,
      auditLinks: report.audits.map((a) => ({
        ...a,
        ...auditLabels(a, t),
        href: `/reports/audit${queryString({}, { audit: a.id })}`,
        current: a.id === q.audit,
      })),
      helpers: dashboardHelpers,
    });
  });

  pages.get('/reports/audit.pdf', allow('reports', 'read'), async (req, res) => {
    const q = parse(reportQuerySchema, req.query);
    const scope = await scopeOf(req, q);
    // Checked before Chromium starts, so a bad audit id is a 404 here, not a failed print.
    if (q.audit) await getAudit(ctxOf(req), q.audit);
    const pdf = await printPdf(req, `/reports/audit${queryString(scope.filters, { audit: q.audit, lang: req.locale })}`, SESSION_COOKIE, launcher).catch(
      (err: unknown) => {
        if (err instanceof PdfUnavailableError) res.set('Retry-After', String(err.retryAfterSeconds));
        throw err;
      },
    );
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="audit-report-${scope.from}_${scope.to}.pdf"`,
      'Cache-Control': 'no-store',
    });
    res.send(pdf);
  });

  return { pages };
}
