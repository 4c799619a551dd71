import { groupOf, periodOf } from './kb-relations.periodic-table';

describe('periodic table positions', () => {
  it('places elements in their period and IUPAC group', () => {
    const cases: Array<[number, number, number | undefined]> = [
      [1, 1, 1],
      [2, 1, 18],
      [3, 2, 1],
      [5, 2, 13],
      [10, 2, 18],
      [12, 3, 2],
      [17, 3, 17],
      [21, 4, undefined],
      [22, 4, 4],
      [30, 4, 12],
      [31, 4, 13],
      [36, 4, 18],
      [47, 5, 11],
      [56, 6, 2],
      [57, 6, undefined],
      [71, 6, undefined],
      [72, 6, 4],
      [79, 6, 11],
      [86, 6, 18],
      [92, 7, undefined],
      [104, 7, 4],
      [112, 7, 12],
      [118, 7, 18],
    ];
    for (const [z, period, group] of cases) expect({ z, period: periodOf(z), group: groupOf(z) }).toEqual({ z, period, group });
  });
});
