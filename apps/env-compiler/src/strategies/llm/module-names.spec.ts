import { moduleNameClashes, moduleNames } from './module-names';

describe('moduleNames', () => {
  it('finds defs, classes and assignments at module level, not imports, nested names or comparisons', () => {
    const code = [
      'import json',
      'from math import floor',
      'DATA = {"France": "Paris"}',
      'A, B = 1, 2',
      'LIMIT: int = 3',
      'DATA += []',
      'x == 1',
      'class Record:',
      '    inner = 1',
      'async def fetch(country=None):',
      '    local = DATA',
      'def get_capital(country=None):',
      '    return json.dumps(DATA)',
    ].join('\n');
    expect([...moduleNames(code)].sort()).toEqual(['A', 'B', 'DATA', 'LIMIT', 'Record', 'fetch', 'get_capital']);
  });
});

describe('moduleNameClashes', () => {
  it('names, for each tool, the module-level names another tool rebinds', () => {
    const clashes = moduleNameClashes([
      { name: 'get_capital', code: 'DATA = {}\ndef get_capital(country=None):\n    return DATA[country]' },
      { name: 'get_population', code: 'DATA = {}\nHELPER = 1\ndef get_population(city=None):\n    return DATA[city]' },
      { name: 'get_area', code: 'AREAS = {}\nHELPER = 2\ndef get_area(city=None):\n    return AREAS[city]' },
    ]);
    expect([...clashes.keys()]).toEqual(['get_capital', 'get_population', 'get_area']);
    expect(clashes.get('get_capital')).toEqual([expect.stringContaining('"DATA" is also bound at module level by get_population')]);
    expect(clashes.get('get_population')).toHaveLength(2);
    expect(clashes.get('get_area')).toEqual([expect.stringContaining('"HELPER" is also bound at module level by get_population')]);
  });

  it('is empty when every module-level name is a tool of its own', () => {
    expect(
      moduleNameClashes([
        { name: 'a', code: 'A_DATA = 1\ndef a(x=None):\n    return A_DATA' },
        { name: 'b', code: 'def b(x=None):\n    DATA = 2\n    return DATA' },
      ]).size,
    ).toBe(0);
  });
});
