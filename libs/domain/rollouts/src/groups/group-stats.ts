/** Mean and population standard deviation (0 and 0 for no rewards). */
export function groupStats(rewards: readonly number[]): { mean: number; std: number } {
  if (rewards.length === 0) return { mean: 0, std: 0 };
  const mean = rewards.reduce((sum, r) => sum + r, 0) / rewards.length;
  const variance = rewards.reduce((sum, r) => sum + (r - mean) ** 2, 0) / rewards.length;
  return { mean, std: Math.sqrt(variance) };
}
