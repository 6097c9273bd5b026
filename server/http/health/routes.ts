import { Router } from 'express';
import type { Readiness } from '../../services/health/readiness';
import type { Store } from '../../store/types';

const RETRY_AFTER_SECONDS = 30;

/**
 * /healthz is liveness: the process answers (a restart would not cure a full
 * disk, so the store is not asked). /readyz is readiness: 503 with each
 * check's reason while the instance should not take traffic.
 */
export function healthRoutes(store: Store, readiness: Readiness) {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', store: store.kind });
  });
  router.get('/readyz', async (_req, res) => {
    const report = await readiness.check();
    if (!report.ready) res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.set('Cache-Control', 'no-store').json({ status: report.ready ? 'ready' : 'unavailable', storeKind: store.kind, ...report });
  });
  return router;
}
