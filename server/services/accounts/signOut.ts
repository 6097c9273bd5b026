/**
 * Tells the real-time layer that sessions ended, so that sockets opened with
 * them close at once instead of listening on. Called after the change commits.
 */
import { domainEvents, type DomainEvents } from '../events';

export function announceSignOut(event: DomainEvents['user.signedOut']): void {
  domainEvents.emit('user.signedOut', event);
}
