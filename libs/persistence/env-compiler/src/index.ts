import { EnvCompilerJobEntity } from './entities/env-compiler-job.entity';
import { EnvCompilerJobs1796059219491 } from './migrations/1796059219491-env-compiler-jobs.migration';

export * from './entities/env-compiler-job.entity';
export * from './migrations/1796059219491-env-compiler-jobs.migration';
export * from './env-compiler-job.repository';

/** Entities of env-compiler's tables (the inbox entity comes from @astra/platform/database). */
export const ENV_COMPILER_ENTITIES = [EnvCompilerJobEntity];

/** Migrations of env-compiler's tables, in order: add a new one for every change, never edit one that has shipped. */
export const ENV_COMPILER_MIGRATIONS = [EnvCompilerJobs1796059219491];
