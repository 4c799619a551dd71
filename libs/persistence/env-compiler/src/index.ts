import { EnvCompilerJobEntity } from './entities/env-compiler-job.entity';
import { EnvironmentEntity } from './entities/environment.entity';
import { SynthesisUnitEntity } from './entities/synthesis-unit.entity';
import { EnvCompilerInit1796059219491 } from './migrations/1796059219491-env-compiler-init.migration';

export * from './entities/env-compiler-job.entity';
export * from './entities/environment.entity';
export * from './entities/synthesis-unit.entity';
export * from './migrations/1796059219491-env-compiler-init.migration';
export * from './env-compiler-job.repository';
export * from './environment.repository';

/** Entities of env-compiler's tables (the inbox entity comes from @astra/platform/database). */
export const ENV_COMPILER_ENTITIES = [EnvCompilerJobEntity, EnvironmentEntity, SynthesisUnitEntity];

/** Migrations of env-compiler's tables, in order: add a new one for every change, never edit one that has shipped. */
export const ENV_COMPILER_MIGRATIONS = [EnvCompilerInit1796059219491];
