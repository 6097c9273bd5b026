/**
 * The mails that carry set-password links, in Chinese then English (the
 * recipient has chosen no language yet). Sent only after the link is committed.
 */
import { t } from '../../i18n';
import type { Mailer } from '../../mail/transport';
import type { AccountLink } from './invitations';

export interface LinkMailDeps {
  mailer: Mailer;
  /** Public origin of the links; never a Host header an anonymous caller chose. */
  baseUrl: string;
}

/** The outbox folder of mails that belong to no enterprise (the operator's own reset). */
const PLATFORM_OUTBOX = 'platform';

export async function sendLinkMail(deps: LinkMailDeps, link: AccountLink, secret: string, enterpriseName: string): Promise<void> {
  const url = `${deps.baseUrl}/set-password/${secret}`;
  const vars = { enterprise: enterpriseName, url, name: link.invite?.name ?? '', hours: link.purpose === 'invite' ? 7 * 24 : 1 };
  const key = `accounts.mail.${link.purpose}`;
  await deps.mailer.send({
    enterpriseId: link.enterpriseId ?? PLATFORM_OUTBOX,
    to: link.email,
    subject: t('zh-CN', `${key}.subject`, vars),
    text: [t('zh-CN', `${key}.body`, vars), '', '—', t('en', `${key}.body`, vars)].join('\n'),
  });
}
