import { contentHash } from '@astra/contracts';
import { seededShuffle } from '../distractors/seeded-shuffle';

/** An episode's id: 32 hex digits of sha256(jobId, groupIndex, sample), so a redelivered batch finds it again. */
export function episodeId(jobId: string, groupIndex: number, sample: number): string {
  return contentHash({ jobId, groupIndex, sample }).slice(0, 32);
}

/** An episode's seed from the batch seed, its group and its sample (distractor draw, shuffle, oracle errors). */
export function episodeSeed(batchSeed: number, groupIndex: number, sample: number): number {
  return seedOf({ batchSeed, groupIndex, sample });
}

/** The environment of group k: environments in a seeded order, a fresh order each pass over the set. */
export function groupEnvironment(environmentIds: readonly string[], batchSeed: number, groupIndex: number): string {
  if (environmentIds.length === 0) throw new RangeError('groupEnvironment: the environment set is empty');
  // Sorted first so the order does not depend on how the set was listed.
  const sorted = [...environmentIds].sort();
  const pass = Math.floor(groupIndex / sorted.length);
  const order = seededShuffle(sorted, seedOf({ batchSeed, pass }));
  return order[groupIndex % sorted.length] as string;
}

/** A non-negative 31-bit integer from the content hash of `value`. */
function seedOf(value: unknown): number {
  return Number.parseInt(contentHash(value).slice(0, 8), 16) & 0x7fffffff;
}
