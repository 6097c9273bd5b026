/**
 * Debian's Chromium driven by playwright-core. Screenshots go to
 * test-output/screenshots so a person can look at what the test saw.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../../server/paths';

// From the repository root, so compiled proofs (dist/scripts/prove) save beside the tests' screenshots.
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

// The people these tests act out read Chinese: their browsers ask for it, as headless Chromium's en-US would not.
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
export const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
