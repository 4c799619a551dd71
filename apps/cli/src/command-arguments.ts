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
