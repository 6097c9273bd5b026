/**
 * Outgoing email. With SMTP_URL set, nodemailer sends over SMTP; otherwise each
 * message is written to DATA_DIR/outbox (an .eml file plus a small .json index
 * entry) and listed on the admin outbox page, so nothing is lost in development.
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

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<{ id: string }>;
  /** The outbox of one enterprise, newest first (empty for SMTP). */
  listOutbox(enterpriseId: string, limit?: number): Promise<OutboxEntry[]>;
  readOutbox(enterpriseId: string, id: string): Promise<string | null>;
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
  };
}

const ID_PATTERN = /^[0-9]{13}-[0-9a-f-]{36}$/;

function outboxMailer(dir: string, from: string): Mailer {
  const render = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'outbox',
    async send(m) {
      const id = `${Date.now()}-${crypto.randomUUID()}`;
      const info = await render.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers });
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, `${id}.eml`), info.message as Buffer);
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
      // The id comes from a URL: accept only our own format, so no path can escape the folder.
      if (!ID_PATTERN.test(id)) return null;
      const entry = await fs.readFile(path.join(dir, `${id}.json`), 'utf8').catch(() => null);
      if (!entry || (JSON.parse(entry) as OutboxEntry).enterpriseId !== enterpriseId) return null;
      return fs.readFile(path.join(dir, `${id}.eml`), 'utf8');
    },
  };
}
