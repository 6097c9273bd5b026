/**
 * Outgoing email. With SMTP_URL set, nodemailer sends over SMTP; otherwise each
 * message is written to DATA_DIR/outbox (an .eml file plus a small .json index
 * entry) and listed on the admin outbox page, so nothing is lost in development.
 * The parts we already hold at send time (from, subject, text, html) are kept
 * beside the .eml as well, so the page can show the message readably without a
 * MIME parser in production.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  enterpriseId: string;
  to: string;
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

export function createMailer(opts: { smtpUrl?: string; from: string; dataDir: string }): Mailer {
  return opts.smtpUrl ? smtpMailer(opts.smtpUrl, opts.from) : outboxMailer(path.join(opts.dataDir, 'outbox'), opts.from);
}

function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(m) {
      const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers });
      return { id: info.messageId };
    },
    listOutbox: async () => [],
    readOutbox: async () => null,
    readOutboxMessage: async () => null,
  };
}

const ID_PATTERN = /^[0-9]{13}-[0-9a-f-]{36}$/;

interface OutboxParts {
  from: string;
  text: string;
  html?: string;
}

function outboxMailer(dir: string, from: string): Mailer {
  const render = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  // The id comes from a URL: accept only our own format, so no path can escape the folder.
  const entryOf = async (enterpriseId: string, id: string): Promise<OutboxEntry | null> => {
    if (!ID_PATTERN.test(id)) return null;
    const text = await fs.readFile(path.join(dir, `${id}.json`), 'utf8').catch(() => null);
    const entry = text ? (JSON.parse(text) as OutboxEntry) : null;
    return entry && entry.enterpriseId === enterpriseId ? entry : null;
  };
  return {
    kind: 'outbox',
    async send(m) {
      const id = `${Date.now()}-${crypto.randomUUID()}`;
      const info = await render.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers });
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, `${id}.eml`), info.message as Buffer);
      const parts: OutboxParts = { from, text: m.text, ...(m.html ? { html: m.html } : {}) };
      await fs.writeFile(path.join(dir, `${id}.parts`), JSON.stringify(parts));
      // The index entry is written last: listOutbox shows only messages whose files are all there.
      const entry: OutboxEntry = { id, enterpriseId: m.enterpriseId, to: m.to, subject: m.subject, at: new Date().toISOString() };
      await fs.writeFile(path.join(dir, `${id}.json`), JSON.stringify(entry));
      return { id };
    },
    async listOutbox(enterpriseId, limit = 200) {
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort().reverse();
      const entries: OutboxEntry[] = [];
      for (const id of ids) {
        if (entries.length >= limit) break;
        const entry = JSON.parse(await fs.readFile(path.join(dir, `${id}.json`), 'utf8')) as OutboxEntry;
        if (entry.enterpriseId === enterpriseId) entries.push(entry);
      }
      return entries;
    },
    async readOutbox(enterpriseId, id) {
      if (!(await entryOf(enterpriseId, id))) return null;
      return fs.readFile(path.join(dir, `${id}.eml`), 'utf8');
    },
    async readOutboxMessage(enterpriseId, id) {
      const entry = await entryOf(enterpriseId, id);
      if (!entry) return null;
      const parts = await fs.readFile(path.join(dir, `${id}.parts`), 'utf8').catch(() => null);
      return { entry, message: parts ? { ...entry, ...(JSON.parse(parts) as OutboxParts) } : null };
    },
  };
}
