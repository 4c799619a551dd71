import { createHash } from 'node:crypto';

// The one canonical JSON of the project. Content hashes cross services (a bundle hashed by its producer must match
// the verifier's cache key; catalog versions; the LLM cache key), so it lives with the contracts and nowhere else.
// It follows JSON.stringify's rules, with keys sorted, except that it refuses what JSON would silently turn into
// another value: non-finite numbers (NaN would hash like null), bigints, and cycles.

/**
 * JSON with object keys sorted (by UTF-16 code unit) at every depth and no whitespace, so equal data always
 * yields equal text. As in JSON.stringify: `toJSON` is honoured, undefined/function/symbol members are dropped
 * from objects and become null in arrays; a top-level undefined is null. Throws on NaN, ±Infinity, bigint, cycles.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, new Set());
}

/** Hex sha256 of the canonical JSON of `value`. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function encode(input: unknown, ancestors: Set<object>): string {
  const value = withToJson(input);
  if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot encode the non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === 'bigint') throw new TypeError('canonical JSON cannot encode a bigint');
  if (typeof value !== 'object') return JSON.stringify(value);
  if (ancestors.has(value)) throw new TypeError('canonical JSON cannot encode a cyclic value');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((item: unknown) => encode(item, ancestors)).join(',')}]`;
    const members: string[] = [];
    for (const key of Object.keys(value).sort(compareCodeUnits)) {
      const member = withToJson((value as Record<string, unknown>)[key]);
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      members.push(`${JSON.stringify(key)}:${encode(member, ancestors)}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

function withToJson(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return (value.toJSON as () => unknown)();
  }
  return value;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
