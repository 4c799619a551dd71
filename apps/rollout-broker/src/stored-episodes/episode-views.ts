import type { EpisodeSummary, GroupSummary } from '@astra/contracts';
import type { RolloutEpisodeEntity, RolloutGroupEntity } from '@astra/persistence/rollout-broker';

/** One line of an episode listing. */
export function toEpisodeSummary(row: RolloutEpisodeEntity): EpisodeSummary {
  return {
    id: row.id,
    jobId: row.jobId,
    groupIndex: row.groupIndex,
    sample: row.sample,
    environmentId: row.environmentId,
    policyVersion: row.policyVersion,
    status: row.status,
    stop: row.stop,
    ...(row.reward !== null ? { reward: row.reward } : {}),
    turns: row.turns,
    calls: row.calls,
    wallMs: row.wallMs,
    createdAt: row.createdAt,
  };
}

/** A stored group as the contracts declare it, with the ids of its episodes. */
export function toGroupSummary(row: RolloutGroupEntity, episodeIds: string[]): GroupSummary {
  return {
    id: row.id,
    jobId: row.jobId,
    groupIndex: row.groupIndex,
    environmentId: row.environmentId,
    policyVersion: row.policyVersion,
    state: row.state,
    rewards: row.rewards,
    mean: row.mean,
    std: row.std,
    episodeIds,
  };
}
