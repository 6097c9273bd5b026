/**
 * jest globalSetup, in the parent process before any worker starts (workers inherit its
 * environment): temporary files in memory (scratchDir.ts) and the broker of the run's
 * one shared Chromium (browserBroker.ts). run.teardown.ts undoes both.
 */
import { BROWSER_BROKER_ENV } from './browser';
import { startBrowserBroker, type BrowserBroker } from './browserBroker';
import { useMemoryTmpDir } from './scratchDir';

declare global {
  var servicestarTestRun: { broker: BrowserBroker; tmpDir: string | null } | undefined;
}

export default async function setup(): Promise<void> {
  const tmpDir = useMemoryTmpDir();
  const broker = await startBrowserBroker();
  process.env[BROWSER_BROKER_ENV] = broker.url;
  globalThis.servicestarTestRun = { broker, tmpDir };
}
