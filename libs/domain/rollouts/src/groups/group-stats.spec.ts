import type { SubTask } from '@astra/contracts';
import { isSubTaskTooled } from '../reward/solved-sub-tasks';
import { groupStats } from './group-stats';

describe('groupStats', () => {
  it('is the mean and population standard deviation', () => {
    expect(groupStats([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: 2 });
    expect(groupStats([0.5, 0.5])).toEqual({ mean: 0.5, std: 0 });
    expect(groupStats([])).toEqual({ mean: 0, std: 0 });
  });

  it('gives equal rewards a spread of exactly 0, whatever floating point makes of their mean', () => {
    // F1 of 2 sub-tasks solved with 2 calls: eight copies average to a hair off, which once passed as spread.
    const precision = 2 / (2 + 1e-6);
    const reward = (2 * precision) / (precision + 1);
    expect(groupStats(Array.from({ length: 8 }, () => reward))).toEqual({ mean: reward, std: 0 });
  });
});

describe('isSubTaskTooled', () => {
  const base: SubTask = {
    id: 'a',
    question: 'q',
    answer: 'x',
    dependsOn: [],
    hop: 1,
    toolNecessity: true,
    call: { tool: 't', arguments: {} },
  };

  it('needs both toolNecessity and a call statement', () => {
    expect(isSubTaskTooled(base)).toBe(true);
    expect(isSubTaskTooled({ ...base, toolNecessity: false })).toBe(false);
    expect(isSubTaskTooled({ ...base, call: undefined })).toBe(false);
  });
});
