import { InvalidArgumentError } from 'commander';

/** Option parser: a positive integer, or a usage error. */
export function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
}

/** Option parser: an integer, or a usage error. */
export function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('must be an integer');
  return parsed;
}

/** Option parser of a repeatable option: every value, in order. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Option parser factory: a number from `min` to `max` (inclusive), or a usage error naming the range. */
export function numberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !(parsed >= min && parsed <= max)) throw new InvalidArgumentError(`must be a number from ${min} to ${max}`);
    return parsed;
  };
}
