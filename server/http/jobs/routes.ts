/** The platform operator's view of the job queue: failed jobs with their errors, and "run again". */
import { Router, type Response } from 'express';
import { jobOverview, retryJob, type JobRow } from '../../services/jobs/browse';
import type { Store } from '../../store/types';
import { allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param } from '../validate';

/** The operator serves every enterprise, so times are shown in UTC and say so. */
const utc = (iso?: string) => (iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—');

function rowView(res: Response, row: JobRow) {
  const key = `jobs.kind.${row.kind}`;
  const label = res.locals.t(key);
  return { ...row, label: label === key ? row.kind : label, finished: utc(row.finishedAt), next: utc(row.runAt), errorAt: utc(row.lastErrorAt) };
}

export function jobRoutes(store: Store) {
  const api = Router();
  const pages = Router();
  const manage = allow('jobs', 'manage');

  api.get('/operator/jobs', manage, async (req, res) => res.json(await jobOverview(store, req.actor!)));
  api.post('/operator/jobs/:id/retry', manage, async (req, res) => res.json({ job: await retryJob(store, req.actor!, param(req.params.id)) }));

  pages.get('/operator/jobs', manage, async (req, res) => {
    const overview = await jobOverview(store, req.actor!);
    res.render('pages/operator-jobs', {
      title: res.locals.t('jobs.title'),
      overview,
      failedJobs: overview.failedJobs.map((r) => rowView(res, r)),
      retryingJobs: overview.retryingJobs.map((r) => rowView(res, r)),
    });
  });
  pages.post('/operator/jobs/:id/retry', manage, async (req, res) => {
    await flashAndRedirect(req, res, '/operator/jobs', async () => {
      const row = await retryJob(store, req.actor!, param(req.params.id));
      return res.locals.t('jobs.retried', { kind: rowView(res, row).label });
    });
  });
  return { api, pages };
}
