/**
 * Waiting without sleeping: tests wait for what they are about (a condition, an
 * event), never for a fixed time, so a busy machine makes them slower, not red.
 */

/** Generous on purpose: a loaded 2-core machine is slow, never wrong; a real failure still ends the wait. */
export const WAIT_MS = 60_000;

/**
 * Reads until `done` holds and returns that value; throws after `timeoutMs`
 * naming `what` and the last value read, so a failure says what never happened.
 */
export async function waitUntil<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}; last value: ${JSON.stringify(value)?.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Lets other queued work run for `turns` rounds of the event loop (timers,
 * I/O callbacks, immediates): for a test that holds something open (a
 * transaction) while a competing operation is issued, whatever the clock says.
 */
export async function eventLoopTurns(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}
