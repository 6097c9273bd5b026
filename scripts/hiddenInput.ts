/** Reading a password in a terminal without showing it, or from a pipe for scripts. */

export class InputCancelled extends Error {}

/** Prompts on stdout and reads one line from a TTY in raw mode, echoing nothing. */
export function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Echo goes off before the prompt shows: whatever is typed as soon as it appears stays hidden.
  stdin.setRawMode(true);
  process.stdout.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return (finish(), resolve(value));
        // Ctrl-C and Ctrl-D: raw mode turns them into characters, so they are handled here.
        if (ch === '\u0003' || ch === '\u0004') return (finish(), reject(new InputCancelled('cancelled')));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}

/** The first line of stdin (`echo "$PASSWORD" | …`), without its line ending. */
export async function readFirstLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk.toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0];
}
