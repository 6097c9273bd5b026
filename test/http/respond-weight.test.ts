/**
 * The first page of a survey link must reach a phone in at most 30 KB: the
 * HTML and every stylesheet and script it asks for, counted as transferred
 * (compressed bodies plus response headers) over a real HTTP connection.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { buildCampaign } from '../helpers/campaigns';
import { startServer } from '../helpers/server';
import { buildTenant, buildWorld, type World } from '../helpers/world';

let world: World;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  world = await buildWorld();
  server = await startServer(world);
});
afterAll(async () => {
  await server.stop();
  await world.close();
});

/** Bytes on the wire for one GET as a phone browser asks for it, and the body as received. */
function fetchRaw(url: string): Promise<{ status: number; bytes: number; body: Buffer; encoding?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': 'Mozilla/5.0 (iPhone)' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        // Status line, then "name: value\r\n" per header, then the blank line.
        const headerBytes =
          Buffer.byteLength(`HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`) + res.rawHeaders.reduce((n, h) => n + Buffer.byteLength(h) + 2, 0) + 2;
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, bytes: headerBytes + body.length, body, encoding: res.headers['content-encoding'] });
      });
    });
    req.on('error', reject);
  });
}

test('the first page of a personal link, with its CSS and JS, is at most 30 KB transferred', async () => {
  const tenant = await buildTenant(world.store);
  const { recipients } = await buildCampaign(tenant);
  const page = await fetchRaw(`${server.url}/s/${recipients[0]!.token}`);
  expect(page.status).toBe(200);
  expect(['br', 'gzip']).toContain(page.encoding);
  const html = (page.encoding === 'br' ? zlib.brotliDecompressSync(page.body) : zlib.gunzipSync(page.body)).toString('utf8');
  const assets = [...html.matchAll(/<(?:link rel="stylesheet" href|script src)="([^"]+)"/g)].map((m) => m[1]!);
  expect(assets).toEqual(expect.arrayContaining(['/static/css/survey.css', '/static/js/skip-logic.js']));
  let total = page.bytes;
  const sizes: Record<string, number> = { html: page.bytes };
  for (const asset of assets) {
    const res = await fetchRaw(`${server.url}${asset}`);
    expect(res.status).toBe(200);
    sizes[asset] = res.bytes;
    total += res.bytes;
  }
  // No images, fonts or other requests: the page references nothing else.
  expect(html).not.toMatch(/<img|@import|url\(/);
  console.log(`first page transfer: ${JSON.stringify(sizes)} total ${total} bytes`);
  expect(total).toBeLessThanOrEqual(30 * 1024);
});
