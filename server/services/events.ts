/**
 * Domain events, published by services after a change is committed and
 * consumed by the real-time layer (and later alerts). Services never import
 * socket.io; the realtime module subscribes here.
 */
import { EventEmitter } from 'node:events';
import type { Channel } from './templates/types';

export interface DomainEvents {
  'response.counted': { enterpriseId: string; siteId: string; channel: Channel; responseId: string; at: string };
  /**
   * A user's sessions ended (deactivation, a new password) or one session did (logout, with
   * sessionId); socketsOnly: the sessions stay but what they may see changed (role, sites).
   */
  'user.signedOut': { userId: string; sessionId?: string; socketsOnly?: boolean };
  /** A follow-up case opened, changed hands, was resolved or answered its recovery survey: case figures moved. */
  'case.changed': { enterpriseId: string; siteId: string; caseId: string };
}

class TypedEmitter {
  private readonly emitter = new EventEmitter();
  constructor() {
    // Every open app process subscribes once per consumer; no leak warning for a handful.
    this.emitter.setMaxListeners(50);
  }
  emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
    this.emitter.emit(event, payload);
  }
  on<K extends keyof DomainEvents>(event: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}

export const domainEvents = new TypedEmitter();
