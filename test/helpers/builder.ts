/**
 * The template builder in Chromium, as the builder tests open it: an admin who starts a blank
 * survey from /templates and lands in its builder.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { DESKTOP } from './browser';
import { type E2E, watchErrors } from './e2e';

/** The builder's field for question `i` of the first section, e.g. builderField(1, 'prompt-zh-CN'). */
export const builderField = (i: number, rest: string) => `#f-sections-0-questions-${i}-${rest}`;

export interface OpenBuilder {
  context: BrowserContext;
  page: Page;
  /** Script errors and missing assets seen on the page (watchErrors). */
  errors: string[];
  templateId: string;
}

/** The tenant admin, signed in through the login page, creates a blank survey and is in its builder (desktop). */
export async function openBlankSurveyBuilder(e2e: E2E): Promise<OpenBuilder> {
  const context = await e2e.browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await e2e.loginAs(page, e2e.tenant.admin.email, '/templates');
  await page.selectOption('#start', 'blank:survey');
  await page.getByRole('button', { name: '创建并编辑' }).click();
  await page.waitForURL(/\/templates\/[\w-]+$/);
  return { context, page, errors, templateId: page.url().split('/').pop()! };
}
