/**
 * A real SMTP server inside the test process (smtp-server on 127.0.0.1 and a
 * random port). Messages are parsed with mailparser; addresses can be refused
 * with a permanent 550 to simulate bounces.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitUntil, WAIT_MS } from './wait';

export interface Received {
  to: string[];
  mail: ParsedMail;
}

export interface TestSmtp {
  url: string;
  received: Received[];
  /** Resolves when at least `count` messages have arrived (fails after `ms`). */
  waitFor(count: number, ms?: number): Promise<Received[]>;
  stop(): Promise<void>;
}

export async function startSmtp(refuse: (address: string) => boolean = () => false): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refuse(address.address)) return callback();
      const err = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
      callback(err);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count, ms = WAIT_MS) {
      await waitUntil(
        () => received.length,
        (n) => n >= count,
        `${count} messages at the test SMTP server`,
        ms,
      );
      return received;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The survey link in a received invitation or reminder. */
export function surveyLinkOf(mail: ParsedMail): string {
  const match = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]+/.exec(mail.text ?? '');
  if (!match) throw new Error(`no survey link in: ${mail.text}`);
  return match[0];
}

/** A header exactly as sent (mailparser folds List-* headers into one object). */
export function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim();
}
