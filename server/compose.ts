/**
 * The composition root: the one place that turns a config into running parts
 * (store with its indexes, mailer → express app → HTTP server with the
 * realtime layer). main.ts, the test helpers and the scripts all build through
 * here, so what a test exercises is wired exactly as what production runs.
 * main.ts adds only what belongs to a long-running server: the watched store,
 * start-up upgrades, the first run, jobs, listening and shutdown.
 */
import http from 'node:http';
import type { Logger } from 'pino';
import { createApp } from './app';
import type { Config } from './config';
import type { AppDeps } from './deps';
import { createLogger } from './logger';
import { createMailer, type Mailer } from './mail/transport';
import type { Realtime } from './realtime';
import { openStore, type StoreOptions } from './store';
import { ensureCoreIndexes } from './store/indexes';
import type { Store } from './store/types';

/** The configured store (MongoDB or the embedded file) with the indexes every query relies on; closed again if indexing fails. */
export async function openIndexedStore(opts: StoreOptions): Promise<Store> {
  const store = await openStore(opts);
  try {
    await ensureCoreIndexes(store);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** SMTP when SMTP_URL is set, else the outbox kept in the store. */
export function configuredMailer(config: Config, store: Store): Mailer {
  return createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, store });
}

/** Store, mailer and logger as the config says, for tests and scripts; the caller closes `deps.store`. */
export async function openDeps(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<AppDeps> {
  const store = await openIndexedStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  return { config, store, mailer: configuredMailer(config, store), logger };
}

export type ComposedApp = ReturnType<typeof createApp>;

/** The app's skeleton (views, security headers, request log) and its public-page middleware: bench:submit builds its bare baseline route on them. */
export { baseApp, publicPagesRouter } from './app';

/** The express app alone (no listening socket): what supertest drives. */
export function composeApp(deps: AppDeps): ComposedApp {
  return createApp(deps);
}

export interface ComposedServer extends ComposedApp {
  server: http.Server;
  realtime: Realtime;
  /** Closes the sockets and the realtime adapter; the HTTP server and the store stay open. */
  closeRealtime(): Promise<void>;
  /** closeRealtime, then stops accepting connections; the store stays open. */
  close(): Promise<void>;
}

/** The app on an HTTP server (not yet listening) with socket.io attached; several processes share events through MongoDB. */
export async function composeServer(deps: AppDeps): Promise<ComposedServer> {
  const composed = createApp(deps);
  const server = http.createServer(composed.app);
  // socket.io and the MongoDB adapter load here, not with the app: the tests and scripts that drive the bare app
  // (composeApp) skip them, and a server without MONGODB_URI never loads the adapter or its driver.
  const { attachRealtime } = await import('./realtime');
  const realtime = attachRealtime(server, deps.store, composed.sessionMiddleware, deps.logger);
  const closeAdapter = deps.config.mongodbUri
    ? await (await import('./realtime/adapter')).useMongoAdapter(realtime.io, deps.config.mongodbUri)
    : async () => {};
  composed.app.locals.realtime = realtime;
  const closeRealtime = async () => {
    await realtime.close();
    await closeAdapter();
  };
  return {
    ...composed,
    server,
    realtime,
    closeRealtime,
    async close() {
      await closeRealtime();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}
