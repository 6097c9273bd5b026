/**
 * The report as PDF: headless Chromium (Debian's, driven by playwright-core)
 * opens the report page on this very server with the caller's session cookie
 * and prints it. The URL is built from the socket the request arrived on,
 * never from the Host header, so the cookie cannot be sent elsewhere.
 */
import type { Request } from 'express';
import type { Browser } from 'playwright-core';
import { AppError } from '../../errors';
import type { BrowserLauncher } from './browser';

/** Chromium is heavy: at most this many PDFs are printed at once; the rest get a 503 to retry. */
const MAX_CONCURRENT = 2;
let running = 0;

export function selfOrigin(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.includes(':') && !address.startsWith('::ffff:') ? `[${address}]` : address.replace(/^::ffff:/, '');
  return `http://${host}:${req.socket.localPort}`;
}

export async function printPdf(req: Request, pagePath: string, cookieName: string, launcher: BrowserLauncher): Promise<Buffer> {
  const sid = req.cookies?.[cookieName] as string | undefined;
  if (!sid) throw new AppError(401, 'unauthenticated', 'the PDF is printed with your web session: log in with a browser');
  if (running >= MAX_CONCURRENT) throw new AppError(503, 'busy', 'other reports are being printed; try again in a moment');
  running += 1;
  const origin = selfOrigin(req);
  let browser: Browser | null = null;
  // The launch is inside: a failed one must give its slot back, or two failures would block printing for good.
  try {
    browser = await launcher.launch();
    const context = await browser.newContext();
    // Sent back exactly as express-session wrote it (URI-encoded).
    await context.addCookies([{ name: cookieName, value: encodeURIComponent(sid), url: origin, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const response = await page.goto(`${origin}${pagePath}`, { waitUntil: 'load', timeout: 30_000 });
    if (!response || response.status() !== 200) throw new AppError(502, 'report_failed', `the report page answered ${response?.status() ?? 'nothing'}`);
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  } finally {
    running -= 1;
    await browser?.close();
  }
}
