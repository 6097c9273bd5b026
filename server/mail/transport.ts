/**
 * Outgoing email. With SMTP_URL set, nodemailer sends over SMTP; otherwise each
 * message is kept in the store's outbox (outbox.ts) and listed on the admin
 * outbox page, so nothing is lost in development.
 */
import type { Store } from '../store/types';
import { outboxMailer } from './outbox';
import { senderOf } from './sender';

export interface MailMessage {
  enterpriseId: string;
  to: string;
  /** A display name for this message's From (e.g. a campaign's sender name); the address stays MAIL_FROM's. */
  fromName?: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers such as List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface OutboxEntry {
  id: string;
  enterpriseId: string;
  to: string;
  subject: string;
  at: string;
  /** Its index file is damaged (a truncated write, a disk fault): only its time and enterprise are known. */
  unreadable?: true;
}

/** What the outbox page shows of one message: the index entry and the parts it was built from. */
export interface OutboxMessage extends OutboxEntry {
  from: string;
  text: string;
  html?: string;
}

/** `message` is null for a message stored before its parts were kept: only the raw source is left. */
export type OutboxRead = { entry: OutboxEntry; message: OutboxMessage | null };

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<{ id: string }>;
  /** The outbox of one enterprise, newest first (empty for SMTP). */
  listOutbox(enterpriseId: string, limit?: number): Promise<OutboxEntry[]>;
  /** The raw .eml source. */
  readOutbox(enterpriseId: string, id: string): Promise<string | null>;
  /** The message in readable parts, for the outbox page. */
  readOutboxMessage(enterpriseId: string, id: string): Promise<OutboxRead | null>;
}

export function createMailer(opts: { smtpUrl?: string; from: string; store: Store }): Mailer {
  return opts.smtpUrl ? smtpMailer(opts.smtpUrl, opts.from) : outboxMailer(opts.store, opts.from);
}

function smtpMailer(url: string, from: string): Mailer {
  // nodemailer loads with the first message sent (see outbox.ts), then its transport is kept.
  const connect = () => import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(url));
  let transport: ReturnType<typeof connect> | undefined;
  return {
    kind: 'smtp',
    async send(m) {
      const info = await (
        await (transport ??= connect())
      ).sendMail({ from: senderOf(from, m.fromName), to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers });
      return { id: info.messageId };
    },
    listOutbox: async () => [],
    readOutbox: async () => null,
    readOutboxMessage: async () => null,
  };
}
