import type { EnvironmentRecord, EpisodeRecord } from '@astra/contracts';
import type { ScoredCall } from '@astra/domain/rollouts';

/** Re-runs an episode's calls in order in a fresh verifier session: the fresh results, and how many differ from the stored ones. */
export interface EpisodeReplayPort {
  replay(episode: EpisodeRecord, environment: EnvironmentRecord): Promise<{ calls: ScoredCall[]; mismatched: number }>;
}

/** Injection token of the EpisodeReplayPort. */
export const EPISODE_REPLAY = Symbol.for('astra.rollout-broker.episode-replay');
