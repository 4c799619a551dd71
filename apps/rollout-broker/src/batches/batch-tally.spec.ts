import { type EpisodeTally, groupOutcome } from './batch-tally';

const scored = (...rewards: number[]): EpisodeTally[] => rewards.map((reward) => ({ status: 'completed', reward, calls: 1 }));

describe('groupOutcome', () => {
  it('is valid only when the reward spread exceeds delta: a spread equal to delta is dropped', () => {
    // 1, 0, 1, 0: mean 0.5, population std exactly 0.5.
    expect(groupOutcome(scored(1, 0, 1, 0), 0.49)).toMatchObject({ state: 'valid', mean: 0.5, std: 0.5 });
    expect(groupOutcome(scored(1, 0, 1, 0), 0.5).state).toBe('dropped');
    expect(groupOutcome(scored(0.3, 0.3, 0.3), 0).state).toBe('dropped');
    expect(groupOutcome(scored(0.3, 0.3, 0.31), 0).state).toBe('valid');
  });

  it('is infrastructure when an episode could not be scored, whatever the others scored; its rewards are the scored ones', () => {
    const group = [...scored(1, 0), { status: 'failed-infrastructure' as const, reward: null, calls: 0 }];
    expect(groupOutcome(group, 0)).toEqual({ state: 'infrastructure', rewards: [1, 0], mean: 0.5, std: 0.5 });
  });
});
