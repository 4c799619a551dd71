import { TrajectorySynthJobEntity } from './entities/trajectory-synth-job.entity';
import { TrajectorySynthJobs1796077190884 } from './migrations/1796077190884-trajectory-synth-jobs.migration';

export * from './entities/trajectory-synth-job.entity';
export * from './migrations/1796077190884-trajectory-synth-jobs.migration';
export * from './trajectory-synth-job.repository';

/** Entities of trajectory-synth's tables (the inbox entity comes from @astra/platform/database). */
export const TRAJECTORY_SYNTH_ENTITIES = [TrajectorySynthJobEntity];

/** Migrations of trajectory-synth's tables, in order: add a new one for every change, never edit one that has shipped. */
export const TRAJECTORY_SYNTH_MIGRATIONS = [TrajectorySynthJobs1796077190884];
