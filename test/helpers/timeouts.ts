/**
 * Timeouts sized for a 2-core machine at load average 15, where work runs up to
 * ten times slower than on a quiet one: they end a hang, not a slow run.
 * jest.config.js sets the default for every test (TEST_MS); timeouts.setup.ts
 * raises it for the browser and proof folders.
 */
export const TEST_MS = 2 * 60_000;
/** A Chromium test: a browser, a server and several page loads. */
export const BROWSER_MS = 5 * 60_000;
/** A proof: a real server process under traffic, killed and restarted. */
export const PROOF_MS = 10 * 60_000;
/** Setting up a year of demo data or thousands of responses before the assertions. */
export const HEAVY_MS = 10 * 60_000;
/** What Playwright waits for one action or one condition on a page (its own default is 30 s). */
export const PAGE_ACTION_MS = 90_000;
/** What Playwright waits for a navigation. */
export const PAGE_NAVIGATION_MS = 120_000;
/** What a test waits for a spawned server process to reach a state (acknowledgements, readiness, draining). */
export const PROCESS_WAIT_MS = 2 * 60_000;
