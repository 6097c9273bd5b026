/**
 * A campaign's own invitation and reminder texts: sender name, subject and
 * body in zh-CN and English, with {{placeholders}} filled per recipient. The
 * built-in texts (the catalogues' campaigns.mail.*) are the defaults, written
 * in the same placeholder language, so every mail goes through one renderer.
 * The privacy notice and the unsubscribe link are always added below the body:
 * an edit cannot remove them.
 */
import { ValidationError } from '../../errors';
import { t, type Locale } from '../../i18n';

export const EMAIL_KINDS = ['invitation', 'reminder'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export const EMAIL_LOCALES = ['zh-CN', 'en'] as const;

/** Every placeholder a text may use; the edit page lists them with what each becomes. */
export const PLACEHOLDERS = ['greeting', 'name', 'link', 'enterprise', 'site', 'expires'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type Bilingual = Record<Locale, string>;

export interface EmailText {
  /** The From display name; empty keeps the platform's sender. */
  senderName: string;
  subject: Bilingual;
  body: Bilingual;
}

export type CampaignEmails = Record<EmailKind, EmailText>;

export const LIMITS = { senderName: 60, subject: 150, body: 3000 } as const;

/** The built-in texts, as editable templates: the catalogue's {enterprise} becomes {{enterprise}}. */
export function defaultEmails(): CampaignEmails {
  const vars = { enterprise: '{{enterprise}}', site: '{{site}}', date: '{{expires}}', name: '{{name}}' };
  const text = (kind: EmailKind): EmailText => ({
    senderName: '',
    subject: { 'zh-CN': t('zh-CN', `campaigns.mail.${kind}.subject`, vars), en: t('en', `campaigns.mail.${kind}.subject`, vars) },
    body: {
      'zh-CN': ['{{greeting}}', t('zh-CN', `campaigns.mail.${kind}.body`, vars), '{{link}}', t('zh-CN', 'campaigns.mail.expires', vars)].join('\n\n'),
      en: ['{{greeting}}', t('en', `campaigns.mail.${kind}.body`, vars), '{{link}}', t('en', 'campaigns.mail.expires', vars)].join('\n\n'),
    },
  });
  return { invitation: text('invitation'), reminder: text('reminder') };
}

/** A broken text rule: the API keeps the English message; pages and `text` say it in the reader's language. */
export class EmailTextError extends ValidationError {
  constructor(
    field: string,
    readonly rule: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${field}: ${t('en', `campaignEmails.rule.${rule}`, params)}`, field);
  }
}

export function emailRuleText(err: EmailTextError, locale: Locale): string {
  return t(locale, 'campaignEmails.ruleOn', { field: fieldLabel(err.field!, locale), rule: t(locale, `campaignEmails.rule.${err.rule}`, err.params) });
}

/** "invitation.body.en" in words: 邀请邮件 · 正文（English）. */
export function fieldLabel(field: string, locale: Locale): string {
  const [kind, part, lang] = field.split('.');
  const language = lang ? t(locale, `campaignEmails.language.${lang}`) : '';
  return t(locale, 'campaignEmails.fieldLabel', { kind: t(locale, `campaignEmails.kind.${kind}`), part: t(locale, `campaignEmails.part.${part}`), language });
}

const TOKEN = /\{\{([^{}]*)\}\}/g;

function checkPlaceholders(field: string, value: string, allowed: readonly string[]): void {
  for (const match of value.matchAll(TOKEN)) {
    const name = match[1]!.trim();
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) throw new EmailTextError(field, 'unknownPlaceholder', { placeholder: match[0] });
    if (!allowed.includes(name)) throw new EmailTextError(field, 'placeholderNotHere', { placeholder: match[0] });
  }
  if (/\{\{|\}\}/.test(value.replace(TOKEN, ''))) throw new EmailTextError(field, 'brokenPlaceholder');
}

function checkLength(field: string, value: string, max: number, required: boolean): void {
  if (required && !value.trim()) throw new EmailTextError(field, 'required');
  if (value.length > max) throw new EmailTextError(field, 'tooLong', { max });
}

/** Checks every field; the first broken rule is thrown with its field (e.g. `reminder.body.zh-CN`). Returns the texts trimmed. */
export function validateEmails(input: CampaignEmails): CampaignEmails {
  const out = {} as CampaignEmails;
  for (const kind of EMAIL_KINDS) {
    const senderName = input[kind].senderName.trim();
    checkLength(`${kind}.senderName`, senderName, LIMITS.senderName, false);
    // A display name goes into a header: no line breaks, no address brackets or quotes, no placeholders.
    if (/[\r\n<>"{}]/.test(senderName)) throw new EmailTextError(`${kind}.senderName`, 'senderNameChars');
    const subject = {} as Bilingual;
    const body = {} as Bilingual;
    for (const lang of EMAIL_LOCALES) {
      const subjectField = `${kind}.subject.${lang}`;
      subject[lang] = input[kind].subject[lang].trim();
      checkLength(subjectField, subject[lang], LIMITS.subject, true);
      if (/[\r\n]/.test(subject[lang])) throw new EmailTextError(subjectField, 'oneLine');
      checkPlaceholders(subjectField, subject[lang], ['name', 'enterprise', 'site', 'expires']);
      const bodyField = `${kind}.body.${lang}`;
      body[lang] = input[kind].body[lang].replace(/\r\n?/g, '\n').trim();
      checkLength(bodyField, body[lang], LIMITS.body, true);
      checkPlaceholders(bodyField, body[lang], PLACEHOLDERS);
      if (![...body[lang].matchAll(TOKEN)].some((m) => m[1]!.trim() === 'link')) throw new EmailTextError(bodyField, 'linkRequired');
    }
    out[kind] = { senderName, subject, body };
  }
  return out;
}

/** A text with its placeholders replaced, as pieces: literal text, a value, or the survey link. */
export type Piece = { text: string } | { value: string } | { link: true };

export function pieces(template: string, values: Record<Exclude<Placeholder, 'link'>, string>): Piece[] {
  const out: Piece[] = [];
  let from = 0;
  for (const match of template.matchAll(TOKEN)) {
    if (match.index > from) out.push({ text: template.slice(from, match.index) });
    const name = match[1]!.trim() as Placeholder;
    out.push(name === 'link' ? { link: true } : { value: values[name] });
    from = match.index + match[0].length;
  }
  if (from < template.length) out.push({ text: template.slice(from) });
  return out;
}

/** Plain text of a subject or body line: the link becomes its URL. */
export function fillText(template: string, values: Record<Exclude<Placeholder, 'link'>, string>, url: string): string {
  return pieces(template, values)
    .map((p) => ('link' in p ? url : 'value' in p ? p.value : p.text))
    .join('');
}
