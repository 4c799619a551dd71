/**
 * Mean and population standard deviation (0 and 0 for no rewards). Equal rewards have a spread of exactly 0: the
 * mean of n copies of r need not be r in floating point, and a spread of 1e-16 would pass a group with no signal.
 */
export function groupStats(rewards: readonly number[]): { mean: number; std: number } {
  const first = rewards[0];
  if (first === undefined) return { mean: 0, std: 0 };
  if (rewards.every((r) => r === first)) return { mean: first, std: 0 };
  const mean = rewards.reduce((sum, r) => sum + r, 0) / rewards.length;
  const variance = rewards.reduce((sum, r) => sum + (r - mean) ** 2, 0) / rewards.length;
  return { mean, std: Math.sqrt(variance) };
}
