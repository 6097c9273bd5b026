/**
 * One Chromium for a whole jest run instead of one per suite: a launch costs about
 * 1.5 s of CPU and several seconds on a loaded machine, and some thirty suites drive a browser.
 * The jest parent process (globalSetup) runs a small HTTP broker; the first suite that asks
 * for a browser makes it launch Chromium as a browser server, and every suite connects to
 * that server's WebSocket endpoint. Each suite still makes its own contexts, and closing
 * its Browser closes those contexts and disconnects, leaving the server to the others.
 * A run without browser suites launches nothing.
 */
import http from 'node:http';
import { chromium, type BrowserServer } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './browser';
import { PAGE_NAVIGATION_MS } from './timeouts';

export interface BrowserBroker {
  url: string;
  close(): Promise<void>;
}

export async function startBrowserBroker(): Promise<BrowserBroker> {
  let launching: Promise<BrowserServer> | undefined;
  const launch = () => {
    const started = chromium.launchServer({ executablePath: chromiumPath(), timeout: PAGE_NAVIGATION_MS, args: CHROMIUM_ARGS });
    // A browser that died (or failed to start) is launched again by the next suite that asks.
    started.then(
      (server) => server.on('close', () => launching === started && (launching = undefined)),
      () => launching === started && (launching = undefined),
    );
    return started;
  };
  const broker = http.createServer((_req, res) => {
    launching ??= launch();
    launching.then(
      (server) => res.end(server.wsEndpoint()),
      (err: Error) => {
        res.statusCode = 500;
        res.end(err.message);
      },
    );
  });
  await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
  const { port } = broker.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await new Promise((resolve) => broker.close(resolve));
      const server = await launching?.catch(() => undefined);
      await server?.close();
    },
  };
}
