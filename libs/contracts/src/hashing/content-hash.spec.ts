import { createHash } from 'node:crypto';
import { canonicalJson, contentHash } from './content-hash';

describe('canonicalJson', () => {
  it('sorts keys at every depth, by code unit, with no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' }, B: true })).toBe(
      '{"B":true,"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('drops undefined, function and symbol members of objects, as JSON.stringify does', () => {
    const value = { a: undefined, b: () => 1, c: Symbol('s'), d: null };
    expect(canonicalJson(value)).toBe('{"d":null}');
    expect(canonicalJson(value)).toBe(JSON.stringify({ d: null }));
  });

  it('writes undefined, functions and symbols in arrays as null, as JSON.stringify does', () => {
    const value = [undefined, () => 1, Symbol('s'), 1];
    expect(canonicalJson(value)).toBe('[null,null,null,1]');
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
  });

  it('writes a top-level undefined as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('refuses non-finite numbers, which JSON would silently turn into null', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow('non-finite number NaN');
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow('non-finite number Infinity');
    expect(() => canonicalJson(Number.NEGATIVE_INFINITY)).toThrow('non-finite');
  });

  it('refuses bigints and cycles with a clear error', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow('bigint');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('cyclic');
  });

  it('allows the same object twice when it is not its own ancestor', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: [shared, shared] })).toBe('{"a":{"k":1},"b":[{"k":1},{"k":1}]}');
  });

  it('honours toJSON (dates as ISO strings) and escapes strings and keys as JSON does', () => {
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.000Z') })).toBe('{"at":"2026-01-02T03:04:05.000Z"}');
    expect(canonicalJson({ 'q"\n': 'é\u0000"' })).toBe(JSON.stringify({ 'q"\n': 'é\u0000"' }));
  });

  it('writes -0 as 0 and keeps number text as JSON does', () => {
    expect(canonicalJson([-0, 1e21, 0.1])).toBe(JSON.stringify([0, 1e21, 0.1]));
  });
});

describe('contentHash', () => {
  it('is equal for equal data in any key order and differs on any change', () => {
    const a = contentHash({ name: 'x', parameters: { type: 'object', properties: { p: { type: 'string' } } } });
    const b = contentHash({ parameters: { properties: { p: { type: 'string' } }, type: 'object' }, name: 'x' });
    const c = contentHash({ name: 'x', parameters: { type: 'object', properties: { p: { type: 'number' } } } });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('tells an undefined array item from a missing one', () => {
    expect(contentHash([1, undefined])).not.toBe(contentHash([1]));
  });

  it('is stable: the hash of a known value never changes between releases', () => {
    // Catalog versions and caches are keyed by these hashes: changing the encoding silently re-versions them.
    expect(contentHash({ b: [1, 'two', null], a: { c: true } })).toBe(
      createHash('sha256').update('{"a":{"c":true},"b":[1,"two",null]}').digest('hex'),
    );
  });
});
