/**
 * The outbox message page in Chromium: the HTML body shows inside its frame,
 * its scripts and event handlers never run, its links target a new tab, and
 * the app page itself reports no error. Screenshot: test-output/screenshots/outbox-message.png.
 */
import { DESKTOP, screenshot } from '../helpers/browser';
import { type E2E, startE2E, watchErrors } from '../helpers/e2e';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

test('the HTML body shows in a frame where no script runs, and its links target a new tab', async () => {
  const survey = `${e2e.url}/s/abc`;
  const { id } = await e2e.world.deps.mailer.send({
    enterpriseId: e2e.tenant.enterpriseId,
    to: 'qq@example.com',
    subject: '华东家电邀请您评价最近的服务',
    text: `请点击 ${survey} 评价。`,
    html:
      `<p id="greeting">钱七，您好</p><p><a id="rate" href="${survey}" style="background:#0b5cad;color:#fff">开始评价</a></p>` +
      '<script>document.getElementById("greeting").textContent = "SCRIPT RAN"</script>' +
      '<img src="data:," onerror="document.getElementById(\'greeting\').textContent = \'HANDLER RAN\'">',
  });
  const context = await e2e.contextAs(e2e.tenant.admin.email, DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${e2e.url}/admin/outbox/${id}`);
  await expect(page.locator('h1').textContent()).resolves.toBe('华东家电邀请您评价最近的服务');
  await expect(page.getByRole('link', { name: survey }).getAttribute('target')).resolves.toBe('_blank');

  const frame = page.frameLocator('iframe.mail-html');
  await expect(frame.locator('#rate').isVisible()).resolves.toBe(true);
  await expect(frame.locator('#greeting').textContent()).resolves.toBe('钱七，您好');
  // The message's inline style applies (its own policy allows styles, nothing else).
  await expect(frame.locator('#rate').evaluate((a) => getComputedStyle(a).backgroundColor)).resolves.toBe('rgb(11, 92, 173)');

  // Links leave the frame for a new tab (the frame's sandbox lets popups escape it).
  await expect(frame.locator('base').evaluate((b) => (b as HTMLBaseElement).target)).resolves.toBe('_blank');
  await expect(page.locator('iframe.mail-html').getAttribute('sandbox')).resolves.toBe('allow-popups allow-popups-to-escape-sandbox');
  await expect(frame.locator('#greeting').textContent()).resolves.toBe('钱七，您好');
  await screenshot(page, 'outbox-message');
  // Chromium reports the sandbox refusing the message's script; anything else is a fault of the page.
  expect(errors.filter((e) => !/Blocked script execution in .*\/html' because the document's frame is sandboxed/.test(e))).toEqual([]);
  await context.close();
});
