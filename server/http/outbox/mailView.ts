/** How the outbox page shows one message: plain text with its links clickable, HTML in a locked-down frame. */

/** A run of plain text, or a link; the page escapes both, so no markup from the message reaches it. */
export type TextPart = { text: string } | { link: string };

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

/** Splits a text body into text and http(s) links; a link's trailing punctuation stays text. */
export function linkParts(body: string): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of body.matchAll(URL_PATTERN)) {
    const link = match[0].replace(/[.,;:!?)）。，；：！？]+$/u, '');
    if (match.index > from) parts.push({ text: body.slice(from, match.index) });
    parts.push({ link });
    from = match.index + link.length;
  }
  if (from < body.length) parts.push({ text: body.slice(from) });
  return parts;
}

/**
 * The policy for a message's HTML body, served on its own URL into an iframe:
 * no scripts, forms or plugins at all, an opaque origin (sandbox), only the
 * message's own inline styles and local or inline images. Links open in a new
 * tab (the page adds <base target="_blank">), which the sandbox lets escape.
 */
export const MAIL_HTML_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "form-action 'none'",
  "frame-ancestors 'self'",
  'sandbox allow-popups allow-popups-to-escape-sandbox',
].join('; ');

export function framedHtml(html: string): string {
  return `<!doctype html><meta charset="utf-8"><base target="_blank">${html}`;
}
