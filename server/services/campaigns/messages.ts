/**
 * The texts a recipient receives: invitation and reminder emails (Chinese
 * first, English below, one message for everyone) and the SMS line. The mail's
 * words are the campaign's own texts or the built-in ones (emailTexts.ts);
 * this file fills them in and assembles text and HTML.
 */
import { t, type Locale } from '../../i18n';
import type { MailMessage } from '../../mail/transport';
import { defaultEmails, EMAIL_LOCALES, fillText, pieces, type EmailKind, type EmailText } from './emailTexts';
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

const BUTTON_STYLE = 'display:inline-block;padding:12px 20px;background:#0b5cad;color:#fff;border-radius:6px;text-decoration:none';
const BUILT_IN = defaultEmails();

function valuesFor(locale: Locale, r: Pick<Recipient, 'name'>, c: MailContext) {
  return {
    greeting: r.name ? t(locale, 'campaigns.mail.greeting', { name: r.name }) : t(locale, 'campaigns.mail.greetingNoName'),
    // Without a name the text still reads: 尊敬的顾客 / Dear customer.
    name: r.name ?? t(locale, 'campaignEmails.nameUnknown'),
    ...namesFor(locale, c),
    expires: c.lastDay,
  };
}

/** One paragraph as HTML: every piece escaped, a paragraph that is only the link becomes the button. */
function paragraphHtml(paragraph: string, values: ReturnType<typeof valuesFor>, url: string, button: string): string {
  const parts = pieces(paragraph, values);
  if (parts.length === 1 && 'link' in parts[0]!) return `<p><a href="${escapeHtml(url)}" style="${BUTTON_STYLE}">${escapeHtml(button)}</a></p>`;
  const html = parts
    .map((p) => ('link' in p ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml('value' in p ? p.value : p.text)))
    .join('')
    .replace(/\n/g, '<br>');
  return `<p>${html}</p>`;
}

/** The mail a recipient receives, from the campaign's texts (the built-in ones when it has none). */
export function surveyMail(kind: EmailKind, r: Recipient, c: MailContext, urls: LinkUrls, texts: EmailText = BUILT_IN[kind]): MailMessage {
  const subject = EMAIL_LOCALES.map((locale) => fillText(texts.subject[locale], valuesFor(locale, r, c), urls.survey)).join(' / ');
  const blocks = EMAIL_LOCALES.map((locale) => ({
    locale,
    values: valuesFor(locale, r, c),
    paragraphs: texts.body[locale].split(/\n\s*\n/),
    privacy: t(locale, 'campaigns.mail.privacy'),
    button: t(locale, 'campaigns.mail.button'),
    unsubscribe: t(locale, 'campaigns.mail.unsubscribe'),
  }));
  const text = blocks
    .map((b) => [...b.paragraphs.map((p) => fillText(p, b.values, urls.survey)), b.privacy, `${b.unsubscribe}: ${urls.unsubscribe}`].join('\n\n'))
    .join('\n\n———\n\n');
  const html = blocks
    .map(
      (b) =>
        `<div lang="${b.locale}">${b.paragraphs.map((p) => paragraphHtml(p, b.values, urls.survey, b.button)).join('')}` +
        `<p style="color:#57606a;font-size:13px">${escapeHtml(b.privacy)} <a href="${escapeHtml(urls.unsubscribe)}">${escapeHtml(b.unsubscribe)}</a></p></div>`,
    )
    .join('<hr>');
  const wrapped = `<div style="font-family:${MAIL_FONT_STACK};font-size:15px;line-height:1.6;color:#1f2328">${html}</div>`;
  return {
    enterpriseId: r.enterpriseId,
    to: r.email!,
    ...(texts.senderName ? { fromName: texts.senderName } : {}),
    subject,
    text,
    html: wrapped,
    // RFC 8058 one-click: mail clients POST to the link, which /u/:token honours without a page.
    headers: { 'List-Unsubscribe': `<${urls.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** One language per text (an SMS has no room for two): Chinese unless the export asked for English. */
export function smsText(c: MailContext, url: string, locale: Locale = 'zh-CN'): string {
  return t(locale, 'campaigns.sms.text', { ...namesFor(locale, c), date: c.lastDay, url });
}
