import { Router } from 'express';
import type { Store } from '../../store/types';

/** Liveness and which store answers; a failing store makes this a 503. */
export function healthRoutes(store: Store) {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await store.collection('enterprises').count({});
      res.json({ status: 'ok', store: store.kind });
    } catch {
      res.status(503).json({ status: 'unavailable', store: store.kind });
    }
  });
  return router;
}
