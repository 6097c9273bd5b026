/**
 * The per-enterprise cache of settings read by every counted response (alert
 * rules, webhook endpoints): a change in this process is seen at once, one in
 * another process within SETTINGS_MAX_AGE_MS, on a driven clock.
 */
import { EnterpriseSettingsCache, SETTINGS_MAX_AGE_MS } from '../../server/services/enterpriseSettingsCache';

function world() {
  let now = 1_000_000;
  const stored = new Map<string, string>([
    ['e1', 'rules v1'],
    ['e2', 'other'],
  ]);
  let loads = 0;
  const cache = new EnterpriseSettingsCache<string>(() => now);
  const read = (id: string) =>
    cache.get(id, async () => {
      loads += 1;
      return stored.get(id)!;
    });
  return { cache, stored, read, loads: () => loads, advance: (ms: number) => (now += ms) };
}

describe('enterprise settings cache', () => {
  test('reads the store once per enterprise while the entry is younger than the bound', async () => {
    const w = world();
    expect(await w.read('e1')).toBe('rules v1');
    expect(await w.read('e1')).toBe('rules v1');
    expect(await w.read('e2')).toBe('other');
    expect(w.loads()).toBe(2);
  });

  test('a change made in another process (straight in the store) is seen once the bound has passed, not later', async () => {
    const w = world();
    await w.read('e1');
    w.stored.set('e1', 'rules v2');
    w.advance(SETTINGS_MAX_AGE_MS - 1);
    expect(await w.read('e1')).toBe('rules v1');
    w.advance(1);
    expect(await w.read('e1')).toBe('rules v2');
  });

  test('a change made through this process is seen by the next read, also when the change fails', async () => {
    const w = world();
    await w.read('e1');
    await w.cache.changing('e1', async () => w.stored.set('e1', 'rules v2'));
    expect(await w.read('e1')).toBe('rules v2');
    await expect(
      w.cache.changing('e1', async () => {
        w.stored.set('e1', 'half-written');
        throw new Error('commit failed');
      }),
    ).rejects.toThrow('commit failed');
    expect(await w.read('e1')).toBe('half-written');
    // Other enterprises keep their entries.
    await w.read('e2');
    await w.cache.changing('e1', async () => undefined);
    const before = w.loads();
    await w.read('e2');
    expect(w.loads()).toBe(before);
  });
});
