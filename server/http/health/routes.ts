import { Router } from 'express';
import { storeAnswers } from '../../services/health';
import type { Store } from '../../store/types';

/** Liveness and which store answers; a failing store makes this a 503. */
export function healthRoutes(store: Store) {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    if (await storeAnswers(store)) res.json({ status: 'ok', store: store.kind });
    else res.status(503).json({ status: 'unavailable', store: store.kind });
  });
  return router;
}
