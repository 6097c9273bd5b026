/** The From of one message: MAIL_FROM, or its address under a message's own display name. */
/** MAIL_FROM's address under the message's own display name; nodemailer encodes the name for the header. */
export function senderOf(from: string, fromName?: string): string | { name: string; address: string } {
  if (!fromName) return from;
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  return { name: fromName, address };
}

/** The From line as the outbox page shows it. */
export function senderLine(sender: ReturnType<typeof senderOf>): string {
  return typeof sender === 'string' ? sender : `${sender.name} <${sender.address}>`;
}
