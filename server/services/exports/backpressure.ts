/** Waiting for a slower consumer without leaking listeners: an export waits this way up to a million times. */
import type { Writable } from 'node:stream';

export interface Emitter {
  once(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
}

/** Resolves on the first of these events and removes every listener it added. */
export function firstOf(events: Array<[Emitter, string]>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const [emitter, event] of events) emitter.removeListener(event, done);
      resolve();
    };
    for (const [emitter, event] of events) emitter.once(event, done);
  });
}

/** Waits while the consumer is slower than us; the response's own buffer is the only one that grows. */
export async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed)
    await firstOf([
      [out, 'drain'],
      [out, 'close'],
    ]);
}
