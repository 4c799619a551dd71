import { Xoshiro128 } from '@astra/domain/tool-graph';

/** A seeded shuffle (Fisher-Yates over a seeded generator): the same items and seed always give the same order. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = new Xoshiro128(seed);
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
