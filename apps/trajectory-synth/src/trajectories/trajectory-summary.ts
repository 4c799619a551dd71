import type { TrajectorySynthesisSummary } from '@astra/contracts';
import type { TrajectoryHead } from '@astra/persistence/trajectory-synth';

/** What a set of trajectories came to: verdicts, infrastructure failures, executors, agents and calls. */
export function summariseTrajectories(
  heads: readonly Pick<TrajectoryHead, 'verdict' | 'stop' | 'executor' | 'agent' | 'calls'>[],
): TrajectorySynthesisSummary {
  const byExecutor: Record<string, number> = {};
  const byAgent: Record<string, number> = {};
  let calls = 0;
  for (const head of heads) {
    byExecutor[head.executor] = (byExecutor[head.executor] ?? 0) + 1;
    byAgent[head.agent] = (byAgent[head.agent] ?? 0) + 1;
    calls += head.calls;
  }
  const count = (verdict: string) => heads.filter((h) => h.verdict === verdict).length;
  return {
    trajectories: heads.length,
    accepted: count('accepted'),
    rejected: count('rejected'),
    unjudged: count('unjudged'),
    failed: heads.filter((h) => h.stop === 'infrastructure').length,
    byExecutor,
    byAgent,
    callsPerTrajectory: heads.length === 0 ? 0 : calls / heads.length,
  };
}
