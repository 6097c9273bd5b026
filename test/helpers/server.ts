/** A real HTTP server (with socket.io) on 127.0.0.1 and a random port, for browser tests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app';
import { attachRealtime, type Realtime } from '../../server/realtime';
import type { World } from './world';

export async function startServer(world: World): Promise<{ url: string; realtime: Realtime; stop(): Promise<void> }> {
  const { app, sessionMiddleware } = createApp(world.deps);
  const server = http.createServer(app);
  const realtime = attachRealtime(server, world.store, sessionMiddleware, world.deps.logger);
  app.locals.realtime = realtime;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    realtime,
    async stop() {
      await realtime.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
