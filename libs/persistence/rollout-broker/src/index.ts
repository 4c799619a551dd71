import { RolloutBrokerJobEntity } from './entities/rollout-broker-job.entity';
import { RolloutBrokerJobs1796073616514 } from './migrations/1796073616514-rollout-broker-jobs.migration';

export * from './entities/rollout-broker-job.entity';
export * from './migrations/1796073616514-rollout-broker-jobs.migration';
export * from './rollout-broker-job.repository';

/** Entities of rollout-broker's tables (the inbox entity comes from @astra/platform/database). */
export const ROLLOUT_BROKER_ENTITIES = [RolloutBrokerJobEntity];

/** Migrations of rollout-broker's tables, in order: add a new one for every change, never edit one that has shipped. */
export const ROLLOUT_BROKER_MIGRATIONS = [RolloutBrokerJobs1796073616514];
