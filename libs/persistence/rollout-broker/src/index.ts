import { RolloutBrokerJobEntity } from './entities/rollout-broker-job.entity';
import { RolloutEpisodeEntity } from './entities/rollout-episode.entity';
import { RolloutGroupEntity } from './entities/rollout-group.entity';
import { RolloutBrokerJobs1796073616514 } from './migrations/1796073616514-rollout-broker-jobs.migration';
import { RolloutEpisodes1796080000000 } from './migrations/1796080000000-rollout-episodes.migration';

export * from './entities/rollout-broker-job.entity';
export * from './entities/rollout-episode.entity';
export * from './entities/rollout-group.entity';
export * from './migrations/1796073616514-rollout-broker-jobs.migration';
export * from './migrations/1796080000000-rollout-episodes.migration';
export * from './rollout-broker-job.repository';
export * from './rollout-episode.repository';
export * from './rollout-group.repository';

/** Entities of rollout-broker's tables (the inbox entity comes from @astra/platform/database). */
export const ROLLOUT_BROKER_ENTITIES = [RolloutBrokerJobEntity, RolloutEpisodeEntity, RolloutGroupEntity];

/** Migrations of rollout-broker's tables, in order: add a new one for every change, never edit one that has shipped. */
export const ROLLOUT_BROKER_MIGRATIONS = [RolloutBrokerJobs1796073616514, RolloutEpisodes1796080000000];
