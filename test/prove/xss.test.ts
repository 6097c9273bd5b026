/**
 * Payloads in free-text fields render as text in Chromium (shortened `npm run prove -- --only xss`):
 * accounts, templates, the survey loop, dashboard comments and follow-ups; the full run adds
 * calls, mystery visits, audits, the poster and the invitation email.
 */
import { proveXss } from '../../scripts/prove/xss';

test('stored and reflected payloads show as literal text and never run, on every page that shows them', async () => {
  const result = await proveXss({ full: false });
  expect(`${result.pass ? 'PASS' : 'FAIL'} ${result.figures}`).toMatch(/^PASS/);
  // A pass must come from real checks: pages opened, payloads found as text, the canary and a mutated page caught.
  const [, fields, pages, checks] = /(\d+) of \d+ free-text fields checked.*?(\d+) pages in Chromium, (\d+) page × field checks/.exec(result.figures) ?? [];
  expect(Number(fields)).toBeGreaterThanOrEqual(30);
  expect(Number(pages)).toBeGreaterThanOrEqual(20);
  expect(Number(checks)).toBeGreaterThanOrEqual(100);
  expect(result.figures).toContain('canary and mutated page tripped every check');
});
