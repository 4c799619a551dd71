import type { TrajectoryRecord } from '@astra/contracts';
import { sampleTrajectory } from './export.fixture';
import { exportStatistics } from './export-statistics';

function withMean(mean: number | null, verdict: TrajectoryRecord['verdict']): TrajectoryRecord {
  const base = sampleTrajectory({ verdict });
  return base.judgement ? { ...base, judgement: { ...base.judgement, mean } } : base;
}

describe('exportStatistics', () => {
  const oracle = sampleTrajectory({
    executor: 'simulated',
    agent: { kind: 'oracle' },
    messages: sampleTrajectory().messages.slice(0, 4),
    calls: sampleTrajectory().calls.slice(0, 1),
    verdict: 'unjudged',
    judgement: undefined,
  });
  const stats = exportStatistics([sampleTrajectory(), withMean(0.3, 'rejected'), withMean(1, 'accepted'), oracle]);

  it('counts messages and calls per conversation and calls by tool', () => {
    expect(stats.conversations).toBe(4);
    expect(stats.messages).toEqual({ mean: (7 * 3 + 4) / 4, min: 4, max: 7 });
    expect(stats.calls).toEqual({ mean: (3 * 3 + 1) / 4, min: 1, max: 3 });
    expect(stats.toolsUsed).toEqual({ get_weather: 6, search_flights: 4 });
  });

  it('buckets mean judge scores by 0.1 and counts verdicts and unscored trajectories', () => {
    expect(stats.scores.buckets).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 1]);
    expect(stats.scores).toMatchObject({ unscored: 1, accepted: 2, rejected: 1, unjudged: 1 });
  });

  it('breaks the figures down by executor and by agent', () => {
    expect(Object.keys(stats.byExecutor)).toEqual(['mcp', 'simulated']);
    expect(stats.byExecutor['simulated']?.calls).toEqual({ mean: 1, min: 1, max: 1 });
    expect(Object.keys(stats.byAgent)).toEqual(['model:qwen-test', 'oracle']);
    expect(stats.byAgent['model:qwen-test']?.scores.accepted).toBe(2);
    expect(stats.byAgent['oracle']?.scores.unjudged).toBe(1);
  });

  it('gives zeros for no trajectories', () => {
    expect(exportStatistics([])).toMatchObject({ conversations: 0, messages: { mean: 0, min: 0, max: 0 }, byAgent: {} });
  });
});
