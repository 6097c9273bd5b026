/**
 * What the app and its background work are built from. server/compose.ts makes
 * one from the config for main.ts, the tests and the scripts; routes take it
 * from here (a type import), never from app.ts.
 */
import type { Logger } from 'pino';
import type { Config } from './config';
import type { BrowserLauncher } from './http/reports/browser';
import type { Mailer } from './mail/transport';
import type { Readiness } from './services/health/readiness';
import type { Store } from './store/types';

export interface AppDeps {
  config: Config;
  store: Store;
  mailer: Mailer;
  logger: Logger;
  /** The login page names the demo accounts: only when start-up found the demo outside production. */
  showDemoLogins?: boolean;
  /** What /readyz reports; main.ts passes the one watching the store's writes, tests may leave it out. */
  readiness?: Readiness;
  /** Starts Chromium for PDF reports; Debian's by default (CHROMIUM_PATH). */
  pdfBrowser?: BrowserLauncher;
}
