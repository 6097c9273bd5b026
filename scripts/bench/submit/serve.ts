/**
 * bench:submit's server process: a store with one campaign and its recipients,
 * the real app, and a bare app that runs the same public middleware and
 * renders the same thank-you page without touching the store. It answers the
 * runner's messages: its CPU time, the store's statement counts, and finish.
 */
import fs from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import compression from 'compression';
import pino from 'pino';
import { baseApp, composeApp, openDeps, publicPagesRouter } from '../../../server/compose';
import { loadConfig } from '../../../server/config';
import { renderThanks } from '../../../server/http/respond/form';
import { buildSubmitWorld } from './world';

export interface Ready {
  real: string;
  bare: string;
  tokens: string[];
}
export type StatementCounts = Record<string, { reads: number; writes: number }>;
export interface Finished {
  stored: number;
  commits?: { groups: number; transactions: number };
}

async function listen(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** What only the embedded store tells: group commits and statements per collection. */
type Introspect = Partial<{ commitStats(): { groups: number; transactions: number }; statementStats(): StatementCounts }>;

export async function serve(baseDir: string, recipients: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(baseDir, 'servicestar-bench-submit-'));
  const config = loadConfig({ DATA_DIR: dir, SEED_DEMO: 'never', LOG_LEVEL: 'silent' });
  const logger = pino({ level: 'silent' });
  const deps = await openDeps(config, logger);
  const { store } = deps;
  const { enterprise, site, campaign, tokens } = await buildSubmitWorld(store, recipients);

  const { app } = composeApp(deps);
  const real = await listen(app);
  // The same middleware as a personal link (respond/routes.ts) and the same page, with nothing read or written.
  const bareApp = baseApp(config, logger);
  const bareRoutes = publicPagesRouter(config);
  bareRoutes.use('/s/', compression());
  const target = { enterpriseName: enterprise.name, siteName: site.name, privacyContact: campaign.privacyContact, anonymous: false };
  bareRoutes.post('/s/:token', (_req, res) => renderThanks(res, target, 'thanks'));
  bareApp.use(bareRoutes);
  const bare = await listen(bareApp);

  const introspect = store as Introspect;
  const profiler = new Session();
  profiler.connect();
  process.on('message', async (message) => {
    if (message === 'cpu') return process.send!({ cpu: process.cpuUsage(), statements: introspect.statementStats?.() ?? null });
    if (message === 'profile-start') {
      profiler.post('Profiler.enable', () => profiler.post('Profiler.start', () => process.send!('profiling')));
      return;
    }
    if (typeof message === 'object' && message && 'profileTo' in message) {
      const file = (message as { profileTo: string }).profileTo;
      profiler.post('Profiler.stop', (err, result) => {
        if (!err) fs.writeFileSync(file, JSON.stringify(result.profile));
        process.send!({ profiled: err ? String(err) : file });
      });
      return;
    }
    if (message !== 'finish') return;
    const stored = await store.collection('responses').count({});
    const commits = introspect.commitStats?.();
    real.server.close();
    bare.server.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const finished: Finished = { stored, commits };
    process.send!(finished, () => process.exit(0));
  });
  const ready: Ready = { real: real.url, bare: bare.url, tokens };
  process.send!(ready);
}
