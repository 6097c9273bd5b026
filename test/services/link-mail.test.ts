/** Set-password mails say how long their link works as a reader says it: "7 天" / "7 days", "1 小时" / "1 hour". */
import type { AccountLink } from '../../server/services/accounts/invitations';
import { sendLinkMail, validityIn } from '../../server/services/accounts/linkMail';
import { DAY_MS, HOUR_MS } from '../../server/services/calendar';
import type { Mailer, MailMessage } from '../../server/mail/transport';

function capturingMailer(): { mailer: Mailer; sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  const mailer = {
    kind: 'outbox',
    send: async (message: MailMessage) => {
      sent.push(message);
      return { id: String(sent.length) };
    },
  } as unknown as Mailer;
  return { mailer, sent };
}

const link = (purpose: AccountLink['purpose']): AccountLink =>
  ({
    _id: 'h',
    purpose,
    enterpriseId: 'e1',
    email: 'li@example.com',
    createdBy: 'u0',
    createdAt: '2026-12-07T00:00:00.000Z',
    expiresAt: '2026-12-14T00:00:00.000Z',
    ...(purpose === 'invite' ? { invite: { name: '李雷', role: 'analyst' } } : {}),
  }) as AccountLink;

test('an invitation is valid for 7 days and a reset for 1 hour, in both halves of the mail', async () => {
  const { mailer, sent } = capturingMailer();
  const deps = { mailer, baseUrl: 'https://x.test' };
  await sendLinkMail(deps, link('invite'), 's1', { name: '华星', nameEn: 'Huaxing' });
  await sendLinkMail(deps, link('reset'), 's2', { name: '华星' }, 'en');
  expect(sent[0]!.text).toContain('（7 天内有效，仅可使用一次）');
  expect(sent[0]!.text).toContain('(valid for 7 days, once)');
  expect(sent[1]!.text).toContain('（1 小时内有效，仅可使用一次）');
  expect(sent[1]!.text).toContain('(valid for 1 hour, once)');
  expect(sent.map((m) => m.text).join('\n')).not.toMatch(/\{\w+\}|168/);
});

test('lifetimes that are not whole days are said in hours, with the plural when more than one', () => {
  expect(validityIn('en', 2 * DAY_MS)).toBe('2 days');
  expect(validityIn('en', DAY_MS)).toBe('1 day');
  expect(validityIn('en', 36 * HOUR_MS)).toBe('36 hours');
  expect(validityIn('zh-CN', 36 * HOUR_MS)).toBe('36 小时');
});
