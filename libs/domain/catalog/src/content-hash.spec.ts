import { canonicalJson, contentHash } from './content-hash';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('rejects non-finite numbers', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow('non-finite');
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
});
