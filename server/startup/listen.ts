import type http from 'node:http';

/** Listens and resolves with the bound port; a refusal (EADDRINUSE…) rejects instead of crashing on an 'error' event. */
export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
