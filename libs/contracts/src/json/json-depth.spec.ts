import { textNestsDeeperThan, valueNestsDeeperThan } from './json-depth';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON depth checks', () => {
  it('measure text by its brackets, skipping those inside strings and escaped quotes', () => {
    expect(textNestsDeeperThan(nested(3), 3)).toBe(false);
    expect(textNestsDeeperThan(nested(4), 3)).toBe(true);
    expect(textNestsDeeperThan('{"a":"[[[[[[\\"[[[["}', 1)).toBe(false);
    expect(textNestsDeeperThan(nested(100_000), 128)).toBe(true);
  });

  it('measure values without recursion, so any depth is safe', () => {
    expect(valueNestsDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(valueNestsDeeperThan({ a: [1, { b: [] }] }, 3)).toBe(true);
    expect(valueNestsDeeperThan('text', 0)).toBe(false);
    expect(valueNestsDeeperThan(JSON.parse(nested(5_000)), 32)).toBe(true);
  });
});
