/**
 * Sockets end with the sessions they were opened with. Each socket joins a room
 * of its user and one of its session; when a session ends (logout) or all of a
 * user's do (deactivation, a new password), or what the user may see changes
 * (role, sites), the server disconnects those sockets at once. Across processes
 * the adapter carries disconnectSockets to every node.
 */
import type { Server, Socket } from 'socket.io';
import { domainEvents } from '../services/events';

const userRoom = (id: string) => `user:${id}`;
const sessionRoom = (id: string) => `session:${id}`;

export function joinSessionRooms(socket: Socket, userId: string): void {
  void socket.join(userRoom(userId));
  const sessionId = (socket.request as unknown as { sessionID?: string }).sessionID;
  if (sessionId) void socket.join(sessionRoom(sessionId));
}

/** Returns the unsubscribe function. */
export function closeSocketsOnSignOut(io: Server): () => void {
  return domainEvents.on('user.signedOut', (e) => {
    io.in(e.sessionId ? sessionRoom(e.sessionId) : userRoom(e.userId)).disconnectSockets(true);
  });
}
