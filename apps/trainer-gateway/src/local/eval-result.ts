import type { EvalResult, RolloutBatchSummary } from '@astra/contracts';
import type { BatchGroups } from '../rollouts/rollout-client';

const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** Population standard deviation (0 for fewer than two values). */
function std(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
}

/** What an evaluation measured: over the scored episodes of its batch; episodes lost to infrastructure counted apart. */
export function evalResult(
  checkpointId: string | null,
  rolloutJobId: string,
  summary: RolloutBatchSummary,
  groups: BatchGroups,
): EvalResult {
  const episodes = groups.flatMap((g) => g.episodes);
  const scored = episodes.flatMap((e) => (e.reward ? [{ reward: e.reward, calls: e.calls.length }] : []));
  const failed = Math.max(summary.failedInfrastructure, episodes.length - scored.length);
  return {
    checkpointId,
    episodes: scored.length + failed,
    failedInfrastructure: failed,
    rewardMean: mean(scored.map((s) => s.reward.reward)),
    rewardStd: std(scored.map((s) => s.reward.reward)),
    solvedRate: mean(scored.map((s) => (s.reward.finalAnswerCorrect ? 1 : 0))),
    recallMean: mean(scored.map((s) => s.reward.recall)),
    callsPerEpisode: mean(scored.map((s) => s.calls)),
    rolloutJobId,
  };
}
