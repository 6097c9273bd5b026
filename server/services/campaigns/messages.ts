/**
 * The texts a recipient receives: invitation and reminder emails (Chinese
 * first, English below, one message for everyone) and the SMS line. The words
 * live in the i18n catalogues; this file only assembles them.
 */
import { t, type Locale } from '../../i18n';
import type { MailMessage } from '../../mail/transport';
import type { Recipient } from './types';

export interface LinkUrls {
  survey: string;
  unsubscribe: string;
}

export function linkUrls(baseUrl: string, token: string): LinkUrls {
  return { survey: `${baseUrl}/s/${token}`, unsubscribe: `${baseUrl}/u/${token}` };
}

export interface MailContext {
  enterpriseName: string;
  siteName: string;
  /** The English half names them so when set; otherwise it uses the Chinese names. */
  enterpriseNameEn?: string;
  siteNameEn?: string;
  /** Enterprise-local last day the link works, YYYY-MM-DD. */
  lastDay: string;
}

/**
 * One font stack for both halves of the mail: without it, clients fall back to
 * their default (a serif in several) for the English half while the Chinese half
 * picks a CJK sans. Latin faces come first so English keeps a sans-serif shape.
 */
export const MAIL_FONT_STACK =
  "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC',sans-serif";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const namesFor = (locale: Locale, c: MailContext) =>
  locale === 'en'
    ? { enterprise: c.enterpriseNameEn || c.enterpriseName, site: c.siteNameEn || c.siteName }
    : { enterprise: c.enterpriseName, site: c.siteName };

function paragraphs(locale: Locale, kind: 'invitation' | 'reminder', r: Recipient, c: MailContext): string[] {
  const vars = { ...namesFor(locale, c), date: c.lastDay, name: r.name ?? '' };
  return [
    r.name ? t(locale, 'campaigns.mail.greeting', vars) : t(locale, 'campaigns.mail.greetingNoName'),
    t(locale, `campaigns.mail.${kind}.body`, vars),
    t(locale, 'campaigns.mail.expires', vars),
    t(locale, 'campaigns.mail.privacy', vars),
  ];
}

export function surveyMail(kind: 'invitation' | 'reminder', r: Recipient, c: MailContext, urls: LinkUrls): MailMessage {
  const subject = `${t('zh-CN', `campaigns.mail.${kind}.subject`, namesFor('zh-CN', c))} / ${t('en', `campaigns.mail.${kind}.subject`, namesFor('en', c))}`;
  const blocks = (['zh-CN', 'en'] as const).map((locale) => ({
    locale,
    paras: paragraphs(locale, kind, r, c),
    button: t(locale, 'campaigns.mail.button'),
    unsubscribe: t(locale, 'campaigns.mail.unsubscribe'),
  }));
  const text = blocks
    .map((b) => [b.paras[0], b.paras[1], urls.survey, b.paras[2], b.paras[3], `${b.unsubscribe}: ${urls.unsubscribe}`].join('\n\n'))
    .join('\n\n———\n\n');
  const html = blocks
    .map(
      (b) =>
        `<div lang="${b.locale}">${b.paras
          .slice(0, 2)
          .map((p) => `<p>${escapeHtml(p)}</p>`)
          .join(
            '',
          )}<p><a href="${escapeHtml(urls.survey)}" style="display:inline-block;padding:12px 20px;background:#0b5cad;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(b.button)}</a></p>` +
        `<p>${escapeHtml(b.paras[2]!)}</p><p style="color:#57606a;font-size:13px">${escapeHtml(b.paras[3]!)} <a href="${escapeHtml(urls.unsubscribe)}">${escapeHtml(b.unsubscribe)}</a></p></div>`,
    )
    .join('<hr>');
  const wrapped = `<div style="font-family:${MAIL_FONT_STACK};font-size:15px;line-height:1.6;color:#1f2328">${html}</div>`;
  return {
    enterpriseId: r.enterpriseId,
    to: r.email!,
    subject,
    text,
    html: wrapped,
    // RFC 8058 one-click: mail clients POST to the link, which /u/:token honours without a page.
    headers: { 'List-Unsubscribe': `<${urls.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

export function smsText(c: MailContext, url: string): string {
  return t('zh-CN', 'campaigns.sms.text', { enterprise: c.enterpriseName, site: c.siteName, date: c.lastDay, url });
}
