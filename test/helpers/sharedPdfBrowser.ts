/**
 * The PDF printer of a test's app on the run's one shared Chromium (browserBroker.ts). In production
 * each PDF launches Chromium (server/http/reports/browser.ts); in a test run that launch cost about
 * 1.5 s of CPU per PDF, and the tenancy walk alone asks for the report PDF dozens of times. The page
 * is still opened and printed by Debian's /usr/bin/chromium; the launch path itself (a missing binary,
 * the back-off, recovery) keeps its own test: test/e2e/pdf-recovery.e2e.test.ts, which sets its own launcher.
 */
import type { Browser } from 'playwright-core';
import { BrowserLauncher } from '../../server/http/reports/browser';
import { BROWSER_BROKER_ENV, launchBrowser } from './browser';

class SharedBrowserLauncher extends BrowserLauncher {
  override async launch(): Promise<Browser> {
    this.attempts += 1;
    // printPdf closes what it was given when done: for a connected browser that closes its contexts and disconnects, and the shared browser stays.
    return launchBrowser();
  }
}

/** A launcher on the shared browser under jest (where the broker runs), else undefined: the app then launches its own. */
export function sharedPdfBrowser(env: NodeJS.ProcessEnv = process.env): BrowserLauncher | undefined {
  return env[BROWSER_BROKER_ENV] ? new SharedBrowserLauncher() : undefined;
}
