import { contentHash } from '@astra/contracts';

/** Which side of the SFT export a trajectory goes to. */
export type SftSplit = 'train' | 'validation';

// 13 hex digits (52 bits) fit a double exactly, so the fraction is uniform on [0, 1).
const HASH_DIGITS = 13;

/**
 * The split of a task's trajectories: by task, so every trajectory of one task lands on the same side, and stable for
 * a seed (a hash of task id and seed, no randomness). A fraction of 0 puts everything in train, 1 in validation.
 */
export function splitOf(taskId: string, seed: number, validationFraction: number): SftSplit {
  if (!Number.isFinite(validationFraction) || validationFraction < 0 || validationFraction > 1) {
    throw new RangeError(`validationFraction must be within 0..1, got ${validationFraction}`);
  }
  const draw = parseInt(contentHash({ taskId, seed, purpose: 'sft-split' }).slice(0, HASH_DIGITS), 16) / 16 ** HASH_DIGITS;
  return draw < validationFraction ? 'validation' : 'train';
}
