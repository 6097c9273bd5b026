/**
 * Proof 1, retries: one submission sent `total` times with the same
 * Idempotency-Key (half in parallel batches, half in sequence), and one survey
 * link posted many times, are each counted once: by GET /api/v1/scores n and by
 * the responses stored.
 */
import { startServerProcess } from './server';
import { pool, submitViaApi, submitViaLink } from './submissions';
import type { ProofResult } from './result';
import { storedFacts } from './verify';
import { buildProveWorld, removeWorld } from './world';

/** The channel's response count as the dashboards see it: GET /api/v1/scores, read from rollups. */
export async function scoresN(url: string, apiToken: string, channel: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/scores?channel=${channel}&period=year`, { headers: { authorization: `Bearer ${apiToken}` } });
  if (!res.ok) throw new Error(`GET /api/v1/scores → ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { channels: Record<string, { responses: number }> };
  return body.channels[channel]?.responses ?? 0;
}

export async function proveRetries(opts: { total: number; parallel: number }): Promise<ProofResult> {
  const world = await buildProveWorld({ recipients: 1 });
  const server = await startServerProcess(world.dir);
  const statuses = new Map<number, number>();
  const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
  try {
    const key = 'prove-retry-0001';
    const half = Math.floor(opts.total / 2);
    // Parallel batches first (the racing first writes), then the same key in sequence.
    for (const s of await pool(half, opts.parallel, () => submitViaApi(server.url, world, 'survey', key))) count(s.status);
    for (let i = half; i < opts.total; i++) count((await submitViaApi(server.url, world, 'survey', key)).status);
    // The same personal link posted repeatedly: a phone that re-sends the form.
    const token = world.recipients[0]!.token;
    const linkPosts = Math.max(10, Math.floor(opts.total / 100));
    const linkStatuses = await pool(linkPosts, Math.min(opts.parallel, 20), () => submitViaLink(server.url, token));
    const n = await scoresN(server.url, world.apiToken, 'survey');
    await server.kill('SIGTERM');
    const facts = await storedFacts(world, { apiKeys: [key], recipientIds: [world.recipients[0]!.recipientId] });
    const created = statuses.get(201) ?? 0;
    const replayed = statuses.get(200) ?? 0;
    const others = [...statuses].filter(([s]) => s !== 200 && s !== 201);
    const linkBad = linkStatuses.filter((s) => s.status !== 200).length;
    const pass =
      created === 1 &&
      replayed === opts.total - 1 &&
      others.length === 0 &&
      n === 2 &&
      facts.responses === 2 &&
      !facts.duplicated.length &&
      !facts.missing.length &&
      facts.rollupMismatches === 0 &&
      linkBad === 0;
    return {
      name: 'retries',
      pass,
      figures: `${opts.total} × same key (${half} parallel ×${opts.parallel}, ${opts.total - half} in sequence): 201×${created}, 200×${replayed}${others.length ? `, other ${JSON.stringify(others)}` : ''}; ${linkPosts} × same link (non-200: ${linkBad}); scores n=${n}, stored ${facts.responses} (expect 2), rollup diffs ${facts.rollupMismatches}`,
    };
  } finally {
    await server.kill('SIGKILL');
    removeWorld(world);
  }
}
