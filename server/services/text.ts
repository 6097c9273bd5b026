/**
 * Unicode's bidirectional embedding, override and isolate controls (U+202A–U+202E,
 * U+2066–U+2069) reorder the text after them: a shopper named "\u202Egnp.exe"
 * displays as "exe.png", a comment can hide how it ends ("Trojan Source"). Nothing
 * typed into a survey, a report or an admin form needs them, and Arabic or Hebrew
 * still displays right without them (the bidi algorithm orders it by its letters),
 * so text is taken in without them, at the edges: HTTP bodies, uploaded file names,
 * imported CSV files. The marks U+200E/U+200F reorder nothing and are kept.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(text: string): string {
  return BIDI_CONTROL.test(text) ? text.replace(BIDI_CONTROLS, '') : text;
}

/**
 * Every string value in parsed input (a JSON body, form fields), in place; keys
 * are left as they are (schemas check them). A loop, not recursion, so a body
 * nested 100,000 deep cannot overflow the stack.
 */
export function cleanInputText<T>(input: T): T {
  if (typeof input === 'string') return withoutBidiControls(input) as T;
  const pending: object[] = input !== null && typeof input === 'object' ? [input] : [];
  while (pending.length) {
    const node = pending.pop() as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (typeof value === 'string') {
        const clean = withoutBidiControls(value);
        // defineProperty, not assignment: a JSON key "__proto__" is an own property, and assigning it would set the prototype.
        if (clean !== value) Object.defineProperty(node, key, { value: clean });
      } else if (value !== null && typeof value === 'object') pending.push(value);
    }
  }
  return input;
}
