/** The CSV download of a call list (API and page alike); phones are masked by the service. */
import type { Request, Response } from 'express';
import { exportList } from '../../services/calls/export';
import { getList } from '../../services/calls/lists';
import { ctxOf } from '../middleware/auth';
import { param } from '../validate';

export async function sendListCsv(req: Request, res: Response): Promise<void> {
  const ctx = ctxOf(req);
  // Looked up before any header goes out, so a missing list is still a clean 404.
  const list = await getList(ctx, param(req.params.id));
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="call-list-${list.siteCode}-${list.periodFrom}-${list.periodTo}.csv"`);
  for await (const chunk of exportList(ctx, list._id)) res.write(chunk);
  res.end();
}
