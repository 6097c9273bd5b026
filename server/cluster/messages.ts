/** What a worker tells the primary over the cluster's IPC channel. */
export const READY = 'servicestar:ready';

/** A worker sends this once it serves: its app, socket.io and job worker are up. */
export function readyMessage(): { type: typeof READY } {
  return { type: READY };
}

export function isReadyMessage(m: unknown): boolean {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === READY;
}
