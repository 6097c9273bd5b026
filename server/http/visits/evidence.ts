/** Evidence photos, sent only to people who may read their visit (its shopper, reviewers, planners). */
import type { Router } from 'express';
import { evidenceFile } from '../../services/visits/evidence';
import { ctxOf } from '../middleware/auth';
import { param } from '../validate';

export function evidenceRoutes(pages: Router): void {
  for (const [path, variant] of [['/visit-evidence/:id', 'full'], ['/visit-evidence/:id/thumb', 'thumb']] as const) {
    pages.get(path, async (req, res) => {
      const file = await evidenceFile(ctxOf(req), param(req.params.id), variant);
      res.sendFile(file.path, {
        headers: { 'Content-Type': file.mime, 'Cache-Control': 'private, max-age=3600', 'Content-Disposition': 'inline', 'X-Content-Type-Options': 'nosniff' },
      });
    });
  }
}
