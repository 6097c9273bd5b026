/**
 * Starts headless Chromium for the PDF printer. A failed launch (the binary
 * missing or broken, memory short) is not final: until a back-off has passed,
 * requests get a 503 with Retry-After at once; then the next request tries
 * again. The back-off doubles with each failure in a row, up to a cap, and a
 * good launch resets it, so the printer recovers without a restart.
 */
import type { Browser } from 'playwright-core';
import { AppError } from '../../errors';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const FIRST_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** 503: the printer cannot start now; `retryAfterSeconds` goes out as Retry-After. */
export class PdfUnavailableError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(503, 'pdf_unavailable', `the PDF printer could not start; try again in ${retryAfterSeconds} s`);
  }
}

export interface BrowserLauncherOptions {
  executablePath?: string;
  /** The clock the back-off is measured on (milliseconds). */
  now?: () => number;
  onLaunchFailed?: (err: Error, retryInMs: number) => void;
}

export class BrowserLauncher {
  /** Launches tried (failed or not), for the operator's figures and tests. */
  attempts = 0;
  private failuresInARow = 0;
  private retryAt = 0;
  private readonly now: () => number;

  constructor(private readonly options: BrowserLauncherOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async launch(): Promise<Browser> {
    const waitMs = this.retryAt - this.now();
    if (waitMs > 0) throw new PdfUnavailableError(Math.ceil(waitMs / 1000));
    // playwright-core (about 7 MB of script) loads with the first PDF, not with every app process.
    const { chromium } = await import('playwright-core');
    this.attempts += 1;
    try {
      const browser = await chromium.launch({ executablePath: this.options.executablePath ?? CHROMIUM, args: ARGS });
      this.failuresInARow = 0;
      return browser;
    } catch (err) {
      this.failuresInARow += 1;
      const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.failuresInARow - 1));
      this.retryAt = this.now() + backoff;
      this.options.onLaunchFailed?.(err as Error, backoff);
      throw new PdfUnavailableError(Math.ceil(backoff / 1000));
    }
  }
}
