import { argumentsFit, valuesEquivalent } from './arguments-fit';

describe('valuesEquivalent', () => {
  it.each([
    ['Paris', 'paris', true],
    ['New  York', 'new york', true],
    [3, '3', true],
    ['3', 3, true],
    ['1,234.50', 1234.5, true],
    [0.1 + 0.2, 0.3, true],
    [3, 4, false],
    ['3x', 3, false],
    [true, true, true],
    [true, 'true', false],
    [null, null, true],
    [null, 'null', false],
    [[1, 'A'], ['1', 'a'], true],
    [[1, 2], [1], false],
    [{ a: 'X', b: [1] }, { b: ['1'], a: 'x' }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
  ])('%j vs %j: %s', (a, b, expected) => {
    expect(valuesEquivalent(a, b)).toBe(expected);
  });
});

describe('argumentsFit', () => {
  it('needs every expected key, allows extra ones, refuses null arguments', () => {
    expect(argumentsFit({ a: 1 }, { a: '1', b: 2 })).toBe(true);
    expect(argumentsFit({ a: 1, c: 'x' }, { a: 1 })).toBe(false);
    expect(argumentsFit({}, {})).toBe(true);
    expect(argumentsFit({ a: 1 }, null)).toBe(false);
  });
});
