import { TaskEntity } from './entities/task.entity';
import { TaskUnitEntity } from './entities/task-unit.entity';
import { TrajectoryEntity } from './entities/trajectory.entity';
import { TrajectoryJudgingEntity } from './entities/trajectory-judging.entity';
import { TrajectorySynthJobEntity } from './entities/trajectory-synth-job.entity';
import { TrajectorySynthJobs1796077190884 } from './migrations/1796077190884-trajectory-synth-jobs.migration';
import { TrajectorySynthRecords1796090000000 } from './migrations/1796090000000-trajectory-synth-records.migration';

export * from './entities/task.entity';
export * from './entities/task-unit.entity';
export * from './entities/trajectory.entity';
export * from './entities/trajectory-judging.entity';
export * from './entities/trajectory-synth-job.entity';
export * from './migrations/1796077190884-trajectory-synth-jobs.migration';
export * from './migrations/1796090000000-trajectory-synth-records.migration';
export * from './task.repository';
export * from './trajectory.repository';
export * from './trajectory-synth-job.repository';

/** Entities of trajectory-synth's tables (the inbox entity comes from @astra/platform/database). */
export const TRAJECTORY_SYNTH_ENTITIES = [TrajectorySynthJobEntity, TaskEntity, TaskUnitEntity, TrajectoryEntity, TrajectoryJudgingEntity];

/** Migrations of trajectory-synth's tables, in order: add a new one for every change, never edit one that has shipped. */
export const TRAJECTORY_SYNTH_MIGRATIONS = [TrajectorySynthJobs1796077190884, TrajectorySynthRecords1796090000000];
