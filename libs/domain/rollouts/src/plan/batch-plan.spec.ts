import { episodeId, episodeSeed, groupEnvironment } from './batch-plan';

describe('episodeId', () => {
  it('is 32 hex digits, stable, and differs per job, group and sample', () => {
    const id = episodeId('job-1', 0, 0);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(episodeId('job-1', 0, 0)).toBe(id);
    const others = [episodeId('job-2', 0, 0), episodeId('job-1', 1, 0), episodeId('job-1', 0, 1)];
    expect(new Set([id, ...others]).size).toBe(4);
  });
});

describe('episodeSeed', () => {
  it('is a stable non-negative 31-bit integer that differs per input', () => {
    const seeds = new Set<number>();
    for (let g = 0; g < 20; g += 1) {
      for (let s = 0; s < 8; s += 1) {
        const seed = episodeSeed(42, g, s);
        expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
        expect(episodeSeed(42, g, s)).toBe(seed);
        seeds.add(seed);
      }
    }
    expect(seeds.size).toBe(160);
    expect(episodeSeed(43, 0, 0)).not.toBe(episodeSeed(42, 0, 0));
  });
});

describe('groupEnvironment', () => {
  const ids = ['e', 'b', 'a', 'd', 'c'];

  it('gives every environment once per pass, in a fresh order each pass', () => {
    const passes = [0, 1, 2].map((pass) => ids.map((_, k) => groupEnvironment(ids, 9, pass * ids.length + k)));
    for (const order of passes) expect([...order].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    const orders = new Set(
      Array.from({ length: 6 }, (_, pass) => ids.map((_, k) => groupEnvironment(ids, 9, pass * ids.length + k)).join('')),
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it('is stable and does not depend on the listing order', () => {
    const reversed = [...ids].reverse();
    for (let k = 0; k < 12; k += 1) {
      expect(groupEnvironment(ids, 3, k)).toBe(groupEnvironment(ids, 3, k));
      expect(groupEnvironment(reversed, 3, k)).toBe(groupEnvironment(ids, 3, k));
    }
  });

  it('refuses an empty set', () => {
    expect(() => groupEnvironment([], 0, 0)).toThrow(/empty/);
  });
});
