/**
 * What must never reach a user's page, email or PDF: repository paths, file
 * names of the docs and development notes. And, on a Chinese page, no English
 * sentence (a formula in English is still English).
 */

const DEV_PATTERNS: RegExp[] = [
  /\bdocs\/[\w./-]*/i,
  /\bshared\/(seeds|docs)\b/i,
  /\bsurveys\/(standards|templates)\b/i,
  /\b(server|client|test|scripts)\/[\w-]+\.(ts|js|json|hbs)\b/i,
  /\b[\w-]+\.md\b/i,
  /\b(TODO|FIXME|XXX)\b/,
  /\bdomain\.md\b|§\d/,
];

/** Every development string found in a text (empty when clean). */
export function devStringsIn(text: string): string[] {
  return DEV_PATTERNS.flatMap((p) => text.match(new RegExp(p.source, p.flags.includes('g') ? p.flags : `${p.flags}g`)) ?? []);
}

/** The text a reader sees on an HTML page: no scripts, styles or tags, entities of the kind our views write decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

/** Runs of five or more English words: a sentence left untranslated on a Chinese page. */
export function englishSentencesIn(text: string): string[] {
  return text.match(/(?:\b[A-Za-z][a-z]+\b[ ,;:()'’-]+){4,}\b[A-Za-z][a-z]+\b/g) ?? [];
}
