import type { EpisodeStatus, GroupState, RolloutBatchProgress, RolloutBatchSummary } from '@astra/contracts';
import { groupStats } from '@astra/domain/rollouts';
import type { EpisodeHead, RolloutGroupEntity } from '@astra/persistence/rollout-broker';

/** What a batch counts of one finished episode. */
export type EpisodeTally = Pick<EpisodeHead, 'status' | 'reward' | 'calls'>;

/** A group as it was handed over. */
export type HandedGroup = Pick<RolloutGroupEntity, 'id' | 'jobId' | 'environmentId' | 'mean' | 'std'>;

/**
 * The counts of one batch: what it generated (groups by state, episodes, rewards) and what it handed over. Built
 * from what is stored when a delivery starts, then updated as episodes and groups finish.
 */
export class BatchTally {
  readonly handed: HandedGroup[] = [];
  generated = 0;
  dropped = 0;
  infrastructure = 0;
  validGenerated = 0;
  episodes = 0;
  failedInfrastructure = 0;
  private readonly rewards: number[] = [];
  private calls = 0;

  constructor(
    private readonly jobId: string,
    private readonly policyVersion: string,
    private readonly groupSize: number,
    private readonly batchSize: number,
  ) {}

  get valid(): number {
    return this.handed.length;
  }

  get full(): boolean {
    return this.handed.length >= this.batchSize;
  }

  get carriedIn(): number {
    return this.handed.filter((g) => g.jobId !== this.jobId).length;
  }

  addEpisode(episode: EpisodeTally): void {
    this.episodes++;
    if (episode.status === 'failed-infrastructure' || episode.reward === null) {
      this.failedInfrastructure++;
      return;
    }
    this.rewards.push(episode.reward);
    this.calls += episode.calls;
  }

  addGroup(state: GroupState): void {
    this.generated++;
    if (state === 'dropped') this.dropped++;
    else if (state === 'infrastructure') this.infrastructure++;
    else this.validGenerated++;
  }

  progress(inFlight: number, at: string): RolloutBatchProgress {
    return {
      jobId: this.jobId,
      policyVersion: this.policyVersion,
      valid: this.valid,
      batchSize: this.batchSize,
      generated: this.generated,
      dropped: this.dropped,
      infrastructure: this.infrastructure,
      carriedIn: this.carriedIn,
      episodes: this.episodes,
      inFlight,
      rewardMean: spread(this.rewards).mean,
      at,
    };
  }

  summary(): RolloutBatchSummary {
    const stats = spread(this.rewards);
    const ownHanded = this.handed.length - this.carriedIn;
    const judged = this.validGenerated + this.dropped;
    return {
      policyVersion: this.policyVersion,
      groupSize: this.groupSize,
      batchSize: this.batchSize,
      groups: this.handed.map((g) => ({ id: g.id, environmentId: g.environmentId, mean: g.mean, std: g.std })),
      generated: this.generated,
      dropped: this.dropped,
      infrastructure: this.infrastructure,
      carriedIn: this.carriedIn,
      carriedOut: this.validGenerated - ownHanded,
      episodes: this.episodes,
      failedInfrastructure: this.failedInfrastructure,
      rewardMean: stats.mean,
      rewardStd: stats.std,
      validRatio: judged === 0 ? 0 : this.validGenerated / judged,
      callsPerEpisode: this.rewards.length === 0 ? 0 : this.calls / this.rewards.length,
      complete: this.full,
    };
  }
}

/** What a finished group comes to: infrastructure when any episode could not be scored, else valid when its spread exceeds δ. */
export function groupOutcome(
  episodes: readonly EpisodeTally[],
  minRewardStd: number,
): { state: GroupState; rewards: number[]; mean: number; std: number } {
  const rewards = episodes.flatMap((e) => (e.status === 'completed' && e.reward !== null ? [e.reward] : []));
  const { mean, std } = spread(rewards);
  const failed = episodes.some((e: { status: EpisodeStatus }) => e.status === 'failed-infrastructure');
  const state: GroupState = failed ? 'infrastructure' : std > minRewardStd ? 'valid' : 'dropped';
  return { state, rewards, mean, std };
}

/** Mean and standard deviation; 0 and 0 for no rewards (a group lost to infrastructure may have none). */
function spread(rewards: readonly number[]): { mean: number; std: number } {
  return rewards.length === 0 ? { mean: 0, std: 0 } : groupStats(rewards);
}
