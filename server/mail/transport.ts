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

/** Where a damaged outbox file is reported (the app's logger). */
export type OutboxFaultLog = (fault: { file: string; problem: string }) => void;

export function createMailer(opts: { smtpUrl?: string; from: string; dataDir: string; onDamagedFile?: OutboxFaultLog }): Mailer {
  return opts.smtpUrl ? smtpMailer(opts.smtpUrl, opts.from) : outboxMailer(path.join(opts.dataDir, 'outbox'), opts.from, opts.onDamagedFile ?? (() => undefined));
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

/**
 * The index entry in `text`, or for a damaged one an entry marked unreadable
 * when its enterprise can still be read from it (else null: shown to no one).
 */
function parseEntry(id: string, text: string): { entry: OutboxEntry | null; problem?: string } {
  try {
    const entry = JSON.parse(text) as OutboxEntry;
    if (entry?.id === id && typeof entry.enterpriseId === 'string' && typeof entry.subject === 'string') return { entry };
    throw new Error('not an outbox index entry');
  } catch (err) {
    const enterpriseId = /"enterpriseId"\s*:\s*"([^"\\]+)"/.exec(text)?.[1];
    const at = new Date(Number(id.slice(0, 13))).toISOString(); // the id starts with the time of sending
    return { entry: enterpriseId ? { id, enterpriseId, to: '', subject: '', at, unreadable: true } : null, problem: (err as Error).message };
  }
}

function outboxMailer(dir: string, from: string, onDamagedFile: OutboxFaultLog): Mailer {
  const render = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  // Each damaged file is reported once per process, not on every page view.
  const reported = new Set<string>();
  const damaged = (file: string, problem: string) => {
    if (reported.has(file)) return;
    reported.add(file);
    onDamagedFile({ file: path.join(dir, file), problem });
  };
  const readEntry = async (id: string): Promise<OutboxEntry | null> => {
    const text = await fs.readFile(path.join(dir, `${id}.json`), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') damaged(`${id}.json`, err.message);
      return null;
    });
    if (text === null) return null;
    const { entry, problem } = parseEntry(id, text);
    if (problem) damaged(`${id}.json`, problem);
    return entry;
  };
  // The id comes from a URL: accept only our own format, so no path can escape the folder.
  const entryOf = async (enterpriseId: string, id: string): Promise<OutboxEntry | null> => {
    if (!ID_PATTERN.test(id)) return null;
    const entry = await readEntry(id);
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
      const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((id) => ID_PATTERN.test(id)).sort().reverse();
      const entries: OutboxEntry[] = [];
      for (const id of ids) {
        if (entries.length >= limit) break;
        const entry = await readEntry(id);
        if (entry?.enterpriseId === enterpriseId) entries.push(entry);
      }
      return entries;
    },
    async readOutbox(enterpriseId, id) {
      if (!(await entryOf(enterpriseId, id))) return null;
      return fs.readFile(path.join(dir, `${id}.eml`), 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') damaged(`${id}.eml`, err.message);
        return null;
      });
    },
    async readOutboxMessage(enterpriseId, id) {
      const entry = await entryOf(enterpriseId, id);
      if (!entry) return null;
      if (entry.unreadable) return { entry, message: null };
      const parts = await fs.readFile(path.join(dir, `${id}.parts`), 'utf8').catch(() => null);
      if (parts === null) return { entry, message: null };
      try {
        return { entry, message: { ...entry, ...(JSON.parse(parts) as OutboxParts) } };
      } catch (err) {
        damaged(`${id}.parts`, (err as Error).message);
        return { entry, message: null }; // the raw message may still be whole
      }
    },
  };
}
