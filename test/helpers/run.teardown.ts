/** jest globalTeardown: closes the shared Chromium and removes the run's temporary folder (run.setup.ts). */
import fs from 'node:fs';
import './run.setup';

export default async function teardown(): Promise<void> {
  const run = globalThis.servicestarTestRun;
  globalThis.servicestarTestRun = undefined;
  await run?.broker.close();
  if (run?.tmpDir) fs.rmSync(run.tmpDir, { recursive: true, force: true });
}
