import { parseJsonl } from './jsonl';

describe('parseJsonl', () => {
  it('parses good lines with their line numbers, skips blank lines and reports malformed ones', () => {
    const text = '\uFEFF{"a":1}\r\n\n{"a":\n  \n[2]\n';
    const { rows, errors } = parseJsonl(text);
    expect(rows).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 5, value: [2] },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(3);
    expect(errors[0]?.message).toMatch(/^line 3: invalid JSON/);
  });

  it('returns nothing for an empty text', () => {
    expect(parseJsonl('')).toEqual({ rows: [], errors: [] });
  });
});
