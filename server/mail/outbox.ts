/**
 * The outbox, used when no SMTP server is configured: every message is kept in
 * the store, its index entry and readable parts (from, subject, text, html) as
 * a document of `outboxMessages` and its raw .eml in the file store, so every
 * app process lists and shows every message and the page needs no MIME parser.
 * The entry is written after the file: a listed message always has its source.
 */
import crypto from 'node:crypto';
import type Nodemailer from 'nodemailer';
import { readAll } from '../store/files';
import type { Doc, Store } from '../store/types';
import { senderLine, senderOf } from './sender';
import type { Mailer, OutboxEntry, OutboxMessage } from './transport';

export const OUTBOX = 'outboxMessages';
/** Ids come from URLs: only our own format is looked up. */
const ID_PATTERN = /^[0-9]{13}-[0-9a-f-]{36}$/;

interface OutboxDoc extends Doc, Omit<OutboxMessage, 'id'> {}

export const emlKey = (id: string) => `outbox/${id}.eml`;

const entryOf = (doc: OutboxDoc): OutboxEntry => ({
  id: doc._id,
  enterpriseId: doc.enterpriseId,
  to: doc.to,
  subject: doc.subject,
  at: doc.at,
  ...(doc.unreadable ? { unreadable: true as const } : {}),
});

/** A transport that writes the message's .eml instead of sending it. */
const streamRenderer = (nodemailer: typeof Nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

export function outboxMailer(store: Store, from: string): Mailer {
  // nodemailer (the MIME writer) loads with the first message, not with every process that builds the app.
  let render: Promise<ReturnType<typeof streamRenderer>> | undefined;
  const messages = () => store.collection<OutboxDoc>(OUTBOX);
  const find = async (enterpriseId: string, id: string) => (ID_PATTERN.test(id) ? messages().findOne({ _id: id, enterpriseId }) : null);
  return {
    kind: 'outbox',
    async send(m) {
      const id = `${Date.now()}-${crypto.randomUUID()}`;
      const sender = senderOf(from, m.fromName);
      const info = await (
        await (render ??= import('nodemailer').then(({ default: nodemailer }) => streamRenderer(nodemailer)))
      ).sendMail({ from: sender, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers });
      await store.files.put(emlKey(id), info.message as Buffer, { contentType: 'message/rfc822' });
      await messages().insertOne({
        _id: id,
        enterpriseId: m.enterpriseId,
        to: m.to,
        subject: m.subject,
        at: new Date().toISOString(),
        from: senderLine(sender),
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
      });
      return { id };
    },
    async listOutbox(enterpriseId, limit = 200) {
      const docs = await messages().find(
        { enterpriseId },
        { sort: { at: -1, _id: -1 }, limit, fields: ['_id', 'enterpriseId', 'to', 'subject', 'at', 'unreadable'] },
      );
      return docs.map(entryOf);
    },
    async readOutbox(enterpriseId, id) {
      if (!(await find(enterpriseId, id))) return null;
      const stream = await store.files.get(emlKey(id));
      return stream ? (await readAll(stream)).toString('utf8') : null;
    },
    async readOutboxMessage(enterpriseId, id) {
      const doc = await find(enterpriseId, id);
      if (!doc) return null;
      // Messages moved from the old folder outbox without their parts keep only the raw source.
      // A damaged index entry of the folder outbox names only its enterprise and time: the raw source is all there may be.
      const message: OutboxMessage | null =
        !doc.unreadable && typeof doc.text === 'string' ? { ...entryOf(doc), from: doc.from, text: doc.text, ...(doc.html ? { html: doc.html } : {}) } : null;
      return { entry: entryOf(doc), message };
    },
  };
}
