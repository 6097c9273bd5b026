/** Set-password links as a person receives them: read from the outbox mail, then used over HTTP. */
import request from 'supertest';
import { WAIT_MS, waitUntil } from './wait';
import type { World } from './world';

/** The secret of the newest set-password link mailed to `to` in this outbox (polled: some mails leave after the answer). */
export async function linkMailedTo(world: World, outbox: string, to: string, timeoutMs = WAIT_MS): Promise<string> {
  const secret = async (): Promise<string | null> => {
    for (const entry of await world.deps.mailer.listOutbox(outbox)) {
      if (entry.to !== to) continue;
      const read = await world.deps.mailer.readOutboxMessage(outbox, entry.id);
      const match = /\/set-password\/([\w-]+)/.exec(read?.message?.text ?? '');
      if (match) return match[1];
    }
    return null;
  };
  return (await waitUntil(secret, (found) => found !== null, `a set-password mail to ${to} in outbox ${outbox}`, timeoutMs))!;
}

/** How many mails went to `to` in this outbox. */
export async function mailsTo(world: World, outbox: string, to: string): Promise<number> {
  return (await world.deps.mailer.listOutbox(outbox)).filter((e) => e.to === to).length;
}

export async function setPassword(world: World, secret: string, password: string) {
  return request(world.app).post('/api/v1/auth/set-password').send({ token: secret, password });
}
