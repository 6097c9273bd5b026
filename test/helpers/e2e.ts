/**
 * What every Chromium test stands on: a fresh world with one tenant, the real
 * HTTP server, Debian's Chromium, and the two ways in — the login page, or a
 * session cookie from the JSON API when logging in is not what is tested.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import request from 'supertest';
import { DESKTOP, launchBrowser } from './browser';
import { startServer } from './server';
import { buildTenant, buildWorld, PASSWORD, type Tenant, type World } from './world';

export interface E2E {
  world: World;
  tenant: Tenant;
  /** The server's base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  browser: Browser;
  /** Logs in through the login page with `?next=` and waits until the browser is at `next`. */
  loginAs(page: Page, email: string, next: string): Promise<void>;
  /** A new browser context that already holds `email`'s session (logged in through the API). */
  contextAs(email: string, options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A supertest agent on the running server with `email`'s session. */
  apiAs(email: string): Promise<ReturnType<typeof request.agent>>;
  close(): Promise<void>;
}

/**
 * Builds the world and tenant, lets `seed` add the data the test needs (before the
 * server starts), then starts the server and the browser. Whatever was opened
 * before a failure is closed again, so a broken setup does not leave Chromium behind.
 */
export async function startE2E(seed?: (tenant: Tenant, world: World) => Promise<void>): Promise<E2E> {
  const closers: Array<() => Promise<void>> = [];
  // Last opened, first closed: the browser, then the server, then the store.
  const close = async () => {
    while (closers.length) await closers.pop()!();
  };
  try {
    const world = await buildWorld();
    closers.push(() => world.close());
    const tenant = await buildTenant(world.store);
    await seed?.(tenant, world);
    const server = await startServer(world);
    closers.push(() => server.stop());
    const browser = await launchBrowser();
    closers.push(() => browser.close());
    const url = server.url;

    return {
      world,
      tenant,
      url,
      browser,
      async loginAs(page, email, next) {
        await page.goto(`${url}/login?next=${encodeURIComponent(next)}`);
        await submitLogin(page, email);
        await page.waitForURL(`${url}${next}`);
      },
      async contextAs(email, options = DESKTOP) {
        const res = await request(url).post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
        const [name, value] = String(res.headers['set-cookie']).split(';')[0].split('=');
        const context = await browser.newContext(options);
        await context.addCookies([{ name, value, url }]);
        return context;
      },
      async apiAs(email) {
        const agent = request.agent(url);
        await agent.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
        return agent;
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The e2e world of a test file: started before its first test, closed after its last. */
export function e2eForFile(): { readonly e2e: E2E } {
  const fixture = {} as { e2e: E2E };
  beforeAll(async () => {
    fixture.e2e = await startE2E();
  });
  afterAll(() => fixture.e2e?.close());
  return fixture;
}

/** Fills the login form on the current page (Chinese labels) and submits it. */
export async function submitLogin(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Script errors, CSP refusals and missing static assets, collected so a test can fail on them instead of passing unseen. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // The browser also logs every HTTP error response (a refused save's expected 400, say): the test judges those, not this.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(msg.text());
  });
  page.on('response', (res) => {
    if (res.url().includes('/static/') && res.status() >= 400) errors.push(`${res.status()} ${res.url()}`);
  });
  return errors;
}
