/**
 * An email as a job: written in the transaction of the change it reports
 * (e.g. a webhook endpoint disabled after failures), sent by the job worker,
 * retried with back-off while the mail server is down.
 */
import type { Mailer, MailMessage } from '../mail/transport';

export const MAIL_JOB = 'mail.send';

export type MailJobPayload = Pick<MailMessage, 'enterpriseId' | 'to' | 'subject' | 'text'>;

export async function sendMailJob(mailer: Mailer, payload: MailJobPayload): Promise<void> {
  await mailer.send({ enterpriseId: payload.enterpriseId, to: payload.to, subject: payload.subject, text: payload.text });
}
