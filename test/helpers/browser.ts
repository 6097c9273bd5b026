/**
 * Chromium driven by playwright-core: the browser at CHROMIUM_PATH, by default Debian's
 * old headless shell when it is installed, else Debian's /usr/bin/chromium
 * (scripts/install-system-deps.sh installs both).
 * Screenshots go to test-output/screenshots so a person can look at what the test saw.
 * Under jest every suite connects to the run's one shared Chromium (browserBroker.ts);
 * anywhere else (a proof run from dist/) launchBrowser starts its own.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { repoRoot } from '../../server/paths';
import { PAGE_ACTION_MS, PAGE_NAVIGATION_MS } from './timeouts';

// From the repository root, so compiled proofs (dist/scripts/prove) save beside the tests' screenshots.
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-output', 'screenshots');

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * The browser to drive, or one line saying what to install (no browser is downloaded). Debian's full
 * Chromium in its headless mode: the browser people use, not the lighter headless shell, which costs
 * less CPU per page but is a different program from the one whose pages we vouch for.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CHROMIUM_PATH?.trim();
  const executable = configured || DEFAULT_CHROMIUM;
  if (fs.existsSync(executable)) return executable;
  throw new Error(
    configured
      ? `CHROMIUM_PATH=${configured} does not exist: point it at a Chromium or Chrome executable`
      : `browser tests need Chromium at ${DEFAULT_CHROMIUM}: run \`bash scripts/install-system-deps.sh\` (Debian package chromium) or set CHROMIUM_PATH`,
  );
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Where a suite asks for the shared browser's endpoint (set by browserBroker.setup.ts in the jest parent, inherited by its workers). */
export const BROWSER_BROKER_ENV = 'SERVICESTAR_TEST_BROWSER_BROKER';

/** A browser of one's own: the shared one's contexts when the jest broker is there, else a freshly launched Chromium. Close it when done. */
export async function launchBrowser(): Promise<Browser> {
  const broker = process.env[BROWSER_BROKER_ENV];
  const browser = broker
    ? await chromium.connect(await sharedBrowserEndpoint(broker), { timeout: PAGE_NAVIGATION_MS })
    : await chromium.launch({ executablePath: chromiumPath(), timeout: PAGE_NAVIGATION_MS, args: CHROMIUM_ARGS });
  // Every context (and browser.newPage(), which makes one) waits as long as a loaded machine needs: Playwright's 30 s is not that.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options?: BrowserContextOptions) => {
    const context = await newContext(options);
    context.setDefaultTimeout(PAGE_ACTION_MS);
    context.setDefaultNavigationTimeout(PAGE_NAVIGATION_MS);
    return context;
  };
  return browser;
}

/** The shared browser's WebSocket endpoint from the broker at `url`, which launches it for the first suite that asks. */
function sharedBrowserEndpoint(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`the shared test browser did not start: ${body}`))));
      })
      .on('error', reject);
  });
}

// The people these tests act out read Chinese: their browsers ask for it, as headless Chromium's en-US would not.
// One device pixel per CSS pixel: the layout is the phone's (width, touch, mobile viewport) and no test reads pixel density,
// while a 2× phone rasterises and encodes four times the pixels (a full-page phone screenshot cost 0.56 s of Chromium CPU at 2×).
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' };
export const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
