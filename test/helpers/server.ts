/** The real HTTP server (with socket.io) as the composition root builds it, on 127.0.0.1 and a random port, for browser tests. */
import type { AddressInfo } from 'node:net';
import { composeServer } from '../../server/compose';
import type { Realtime } from '../../server/realtime';
import type { World } from './world';

export async function startServer(world: World): Promise<{ url: string; realtime: Realtime; stop(): Promise<void> }> {
  const composed = await composeServer(world.deps);
  await new Promise<void>((resolve) => composed.server.listen(0, '127.0.0.1', resolve));
  const { port } = composed.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, realtime: composed.realtime, stop: () => composed.close() };
}
