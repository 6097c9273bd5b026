/**
 * Request shapes for a campaign's email texts. Only the shape is checked here;
 * the rules (placeholders, {{link}}, lengths) live in the service so pages can
 * say them in the reader's language. The page form sends flat field names
 * ("invitation.subject.zh-CN"), the API nested objects.
 */
import { z } from 'zod';
import { EMAIL_KINDS, EMAIL_LOCALES, type CampaignEmails } from '../../services/campaigns/emailTexts';

const text = z.string().max(20_000, 'is far too long');
const bilingual = z.object({ 'zh-CN': text, en: text }).strict();
const emailText = z.object({ senderName: text.default(''), subject: bilingual, body: bilingual }).strict();

export const campaignEmailsApiSchema = z.object({ invitation: emailText, reminder: emailText }).strict();

/** The test send and the preview take the texts to try, or use the saved ones when the body is empty. */
export const emailTrialApiSchema = z.union([
  campaignEmailsApiSchema,
  z
    .object({})
    .strict()
    .transform(() => null),
]);

export const EMAIL_FORM_FIELDS = EMAIL_KINDS.flatMap((kind) => [
  `${kind}.senderName`,
  ...(['subject', 'body'] as const).flatMap((part) => EMAIL_LOCALES.map((lang) => `${kind}.${part}.${lang}`)),
]);

export const emailFormSchema = z
  .object({
    _csrf: z.string().optional(),
    action: z.enum(['save', 'preview', 'test', 'reset'], { message: 'must be save, preview, test or reset' }).default('save'),
    ...Object.fromEntries(EMAIL_FORM_FIELDS.map((f) => [f, text.default('')])),
  })
  .strict();

export function emailsOfForm(form: Record<string, string | undefined>): CampaignEmails {
  const of = (kind: 'invitation' | 'reminder') => ({
    senderName: form[`${kind}.senderName`] ?? '',
    subject: { 'zh-CN': form[`${kind}.subject.zh-CN`] ?? '', en: form[`${kind}.subject.en`] ?? '' },
    body: { 'zh-CN': form[`${kind}.body.zh-CN`] ?? '', en: form[`${kind}.body.en`] ?? '' },
  });
  return { invitation: of('invitation'), reminder: of('reminder') };
}
