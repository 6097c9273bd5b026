/**
 * Browser libraries served from node_modules, never from a CDN (CSP allows
 * scripts from 'self' only): chart.js's UMD build and the socket.io client
 * (the realtime server has serveClient off). Public, so no session is touched.
 */
import path from 'node:path';
import express, { Router } from 'express';

// chart.js exports only its entry points; its UMD build sits beside the CommonJS one in dist/.
const chartDist = path.dirname(require.resolve('chart.js'));
const socketDist = path.join(path.dirname(require.resolve('socket.io/package.json')), 'client-dist');

export function vendorRoutes(): Router {
  const router = Router();
  const options = { index: false, maxAge: '1d', fallthrough: false } as const;
  router.use('/static/vendor/chart.js', express.static(chartDist, options));
  router.use('/static/vendor/socket.io', express.static(socketDist, options));
  return router;
}
