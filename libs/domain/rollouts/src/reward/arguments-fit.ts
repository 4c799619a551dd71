import { normaliseAnswer } from '@astra/domain/environments';

// Arguments are compared the way answers are: a policy that writes "Paris" for "paris" or "3" for 3 made the call
// the environment meant, so it should not lose the sub-task over formatting.

const RELATIVE_TOLERANCE = 1e-9;

/** Whether every key of `expected` is in `actual` with an equivalent value (extra keys in `actual` are allowed). */
export function argumentsFit(expected: Record<string, unknown>, actual: Record<string, unknown> | null): boolean {
  if (actual === null) return false;
  return Object.entries(expected).every(([key, value]) => Object.hasOwn(actual, key) && valuesEquivalent(value, actual[key]));
}

/**
 * Equivalence of two JSON values: strings equal after normaliseAnswer; numbers equal (to a relative 1e-9, so float
 * noise does not matter), also a numeric string against a number; booleans and null equal; arrays element by
 * element; objects with the same keys and equivalent values.
 */
export function valuesEquivalent(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return numbersEquivalent(a, b);
  if (typeof a === 'string' && typeof b === 'string') return normaliseAnswer(a) === normaliseAnswer(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => valuesEquivalent(item, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') return objectsEquivalent(a as Record<string, unknown>, b as Record<string, unknown>);
  return false;
}

function objectsEquivalent(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && valuesEquivalent(a[key], b[key]));
}

function numbersEquivalent(a: unknown, b: unknown): boolean {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === undefined || y === undefined) return false;
  return x === y || Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(x), Math.abs(y));
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/,/g, '');
  if (text === '') return undefined;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}
