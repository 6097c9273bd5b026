/**
 * The mails that carry set-password links, in Chinese then English (an
 * invitee has chosen no language yet). Sent only after the link is committed.
 */
import { t, type Locale } from '../../i18n';
import type { Mailer } from '../../mail/transport';
import { type AccountLink, LINK_LIFETIME_MS } from './invitations';
import { DAY_MS, HOUR_MS } from '../calendar';
import { nameIn, type Named } from './names';

export interface LinkMailDeps {
  mailer: Mailer;
  /** Public origin of the links; never a Host header an anonymous caller chose. */
  baseUrl: string;
}

/** The outbox folder of mails that belong to no enterprise (the operator's own reset). */
const PLATFORM_OUTBOX = 'platform';

/** How long a link works, as a reader says it: whole days as days ("7 days"), else hours ("1 hour"). */
export function validityIn(locale: Locale, lifetimeMs: number): string {
  if (lifetimeMs % DAY_MS === 0) return t(locale, 'linkValidity.days', { n: lifetimeMs / DAY_MS });
  return t(locale, 'linkValidity.hours', { n: Math.round(lifetimeMs / HOUR_MS) });
}

/**
 * `enterprise` is named in each half in that half's language (names.ts). The
 * subject is in `readerLocale`, the language a known user chose; an invitee has chosen none yet, so Chinese.
 */
export async function sendLinkMail(deps: LinkMailDeps, link: AccountLink, secret: string, enterprise: Named, readerLocale: Locale = 'zh-CN'): Promise<void> {
  const url = `${deps.baseUrl}/set-password/${secret}`;
  const vars = (locale: Locale) => ({
    enterprise: nameIn(enterprise, locale),
    url,
    name: link.invite?.name ?? '',
    validity: validityIn(locale, LINK_LIFETIME_MS[link.purpose]),
  });
  const key = `accounts.mail.${link.purpose}`;
  await deps.mailer.send({
    enterpriseId: link.enterpriseId ?? PLATFORM_OUTBOX,
    to: link.email,
    subject: t(readerLocale, `${key}.subject`, vars(readerLocale)),
    text: [t('zh-CN', `${key}.body`, vars('zh-CN')), '', '—', t('en', `${key}.body`, vars('en'))].join('\n'),
  });
}
