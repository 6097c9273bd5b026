/** Personal link tokens: at least 128 random bits, URL-safe, never repeated. */
import { DuplicateKeyError } from '../../server/store/types';
import { looksLikeToken, newToken, TOKEN_BYTES } from '../../server/services/campaigns/tokens';
import { buildCampaign } from '../helpers/campaigns';
import { buildTenant, buildWorld } from '../helpers/world';

test('tokens carry at least 128 random bits in URL-safe characters', () => {
  expect(TOKEN_BYTES * 8).toBeGreaterThanOrEqual(128);
  const tokens = Array.from({ length: 20_000 }, newToken);
  expect(new Set(tokens).size).toBe(tokens.length);
  expect(tokens.filter((t) => !/^[A-Za-z0-9_-]{24}$/.test(t) || !looksLikeToken(t))).toEqual([]);
  // Every bit position is set about half the time: no fixed or biased bits.
  const ones = new Array<number>(TOKEN_BYTES * 8).fill(0);
  for (const t of tokens) {
    const bytes = Buffer.from(t, 'base64url');
    if (bytes.length !== TOKEN_BYTES) throw new Error(`token ${t} decodes to ${bytes.length} bytes`);
    for (let bit = 0; bit < ones.length; bit += 1) ones[bit]! += (bytes[bit >> 3]! >> (7 - (bit & 7))) & 1;
  }
  const shares = ones.map((n) => n / tokens.length);
  expect(Math.min(...shares)).toBeGreaterThan(0.48);
  expect(Math.max(...shares)).toBeLessThan(0.52);
});

test('rejects anything that is not token-shaped before any lookup', () => {
  for (const bad of ['', 'abc', 'A'.repeat(23), 'A'.repeat(25), `${'A'.repeat(23)}=`, `${'A'.repeat(23)}/`]) expect(looksLikeToken(bad)).toBe(false);
});

test('each recipient gets its own token, and the store refuses a repeated one', async () => {
  const world = await buildWorld();
  try {
    const tenant = await buildTenant(world.store);
    const { recipients } = await buildCampaign(tenant, { recipients: Array.from({ length: 300 }, (_, i) => ({ email: `t${i}@example.com`, siteCode: 'S1' })) });
    expect(new Set(recipients.map((r) => r.token)).size).toBe(300);
    const copy = { ...recipients[0]!, _id: 'copy', emailKey: 'copy-e', phoneKey: 'copy-p' };
    await expect(tenant.ctx.store.collection('recipients').insertOne(copy)).rejects.toBeInstanceOf(DuplicateKeyError);
  } finally {
    await world.close();
  }
});
