/** What a worker and the primary tell each other over the cluster's IPC channel. */
export const READY = 'servicestar:ready';
export const PEERS = 'servicestar:peers';

/** A worker sends this once it serves: its app, socket.io and job worker are up and it listens. */
export interface ReadyMessage {
  type: typeof READY;
  /** The public port it listens on (shared by every worker). */
  port: number;
  /** Its private loopback port, where the other workers forward long-polls of the socket.io sessions it holds. */
  pollPort: number;
}

/** The primary sends every worker the private poll port of each worker that serves, by cluster id. */
export interface PeersMessage {
  type: typeof PEERS;
  pollPorts: Record<string, number>;
}

export function readyMessage(port: number, pollPort: number): ReadyMessage {
  return { type: READY, port, pollPort };
}

export function isReadyMessage(m: unknown): m is ReadyMessage {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === READY;
}

export function peersMessage(pollPorts: Record<string, number>): PeersMessage {
  return { type: PEERS, pollPorts };
}

export function isPeersMessage(m: unknown): m is PeersMessage {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === PEERS;
}
