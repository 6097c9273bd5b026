/**
 * Decoded documents kept between reads, for a reader that reads the same
 * documents again and again (score queries read ~900 rollup cells per call,
 * and decoding them was a third of the query's CPU). A document is decoded
 * again only when its stored form changed, so what the reader gets is exactly
 * what `find` would give. Documents handed out are deep-frozen: they are
 * shared between calls, and a reader that changed one would change the next
 * reader's answer.
 */
/** A stored document (types.ts's Doc, named here so the two files do not import each other). */
type Doc = { _id: string };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export class DecodedDocs {
  private readonly kept = new Map<string, { form: string; doc: Doc }>();

  /** `limit`: the most documents kept; past it the cache starts over (a reader's working set is far smaller). */
  constructor(private readonly limit = 50_000) {}

  /** The document stored as `form` under `key`: the kept one when the form is unchanged, else `decode(form)`. */
  decoded(key: string, form: string, decode: (form: string) => Doc): Doc {
    const kept = this.kept.get(key);
    if (kept !== undefined && kept.form === form) return kept.doc;
    const doc = deepFreeze(decode(form));
    if (kept === undefined && this.kept.size >= this.limit) this.kept.clear();
    this.kept.set(key, { form, doc });
    return doc;
  }

  get size(): number {
    return this.kept.size;
  }
}
