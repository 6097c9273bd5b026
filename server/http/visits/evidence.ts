/** Evidence photos, sent only to people who may read their visit (its shopper, reviewers, planners). */
import type { Response, Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { evidenceFile } from '../../services/visits/evidence';
import type { EvidenceFile } from '../../services/visits/evidenceFiles';
import { ctxOf } from '../middleware/auth';
import { param } from '../validate';

/** Streams a photo from the file store (any process's upload, on disk or in GridFS). */
export async function sendEvidence(res: Response, file: EvidenceFile): Promise<void> {
  res.set({ 'Content-Type': file.mime, 'Cache-Control': 'private, max-age=3600', 'Content-Disposition': 'inline', 'X-Content-Type-Options': 'nosniff' });
  try {
    await pipeline(file.stream, res);
  } catch (err) {
    // The client went away mid-photo: nothing is left to answer. Before the first byte, the error handler answers.
    if (!res.headersSent) throw err;
  }
}

export function evidenceRoutes(pages: Router): void {
  for (const [path, variant] of [
    ['/visit-evidence/:id', 'full'],
    ['/visit-evidence/:id/thumb', 'thumb'],
  ] as const) {
    pages.get(path, async (req, res) => {
      await sendEvidence(res, await evidenceFile(ctxOf(req), param(req.params.id), variant));
    });
  }
}
