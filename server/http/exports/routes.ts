/**
 * `GET /api/v1/exports/responses` and `/api/v1/exports/scores` with the
 * dashboard's filters and `format=csv|xlsx`. Filters are validated before the
 * first byte, so bad input is a clean 400; then rows stream straight from the
 * store's iterator into the response, respecting backpressure.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { recordAudit } from '../../services/auditLog';
import { withTenantTransaction } from '../../services/context';
import type { DashboardScope } from '../../services/dashboard/filters';
import { responseExport } from '../../services/exports/responses';
import { scoreExport } from '../../services/exports/scores';
import { type ExportFormat, openSink } from '../../services/exports/sinks';
import { writeExport } from '../../services/exports/tables';
import { filtersOf, scopeOf } from '../dashboard/scope';
import { ctxOf, allow } from '../middleware/auth';
import { parse } from '../validate';
import { exportQuerySchema } from './schema';

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function startDownload(res: Response, what: string, scope: DashboardScope, format: ExportFormat): void {
  const name = `${what}-${scope.site ? `${scope.site.code}-` : ''}${scope.from}_${scope.to}.${format}`.replace(/[^\w.-]/g, '_');
  res.status(200);
  res.set({
    'Content-Type': MIME[format],
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

async function prepare(req: Request) {
  const q = parse(exportQuerySchema, req.query);
  return { format: q.format, language: q.language ?? req.locale, scope: await scopeOf(req, q), filters: filtersOf(q) };
}

export function exportRoutes() {
  const api = Router();

  api.get('/exports/responses', allow('exports', 'read'), async (req, res) => {
    const { format, language, scope, filters } = await prepare(req);
    const ctx = ctxOf(req);
    const tables = await responseExport(ctx, scope, language);
    startDownload(res, 'responses', scope, format);
    const rows = await writeExport(tables, format, openSink(format, res), () => res.destroyed);
    await withTenantTransaction(ctx, (tx) =>
      recordAudit(tx, 'export.responses', 'responses', '-', { format, language, filters, rows, complete: !res.destroyed || res.writableFinished }),
    );
  });

  api.get('/exports/scores', allow('exports', 'read'), async (req, res) => {
    const { format, language, scope, filters } = await prepare(req);
    const ctx = ctxOf(req);
    const tables = await scoreExport(ctx, scope, language);
    startDownload(res, 'scores', scope, format);
    const rows = await writeExport(tables, format, openSink(format, res), () => res.destroyed);
    await withTenantTransaction(ctx, (tx) => recordAudit(tx, 'export.scores', 'rollups', '-', { format, language, filters, rows }));
  });

  return { api };
}
