import { TrainerGatewayJobEntity } from './entities/trainer-gateway-job.entity';
import { TrainingCheckpointEntity } from './entities/training-checkpoint.entity';
import { TrainingJobEntity } from './entities/training-job.entity';
import { TrainingMetricEntity } from './entities/training-metric.entity';
import { TrainerGatewayJobs1796093241987 } from './migrations/1796093241987-trainer-gateway-jobs.migration';
import { TrainingRecords1796100000000 } from './migrations/1796100000000-training-records.migration';

export * from './entities/trainer-gateway-job.entity';
export * from './entities/training-checkpoint.entity';
export * from './entities/training-job.entity';
export * from './entities/training-metric.entity';
export * from './migrations/1796093241987-trainer-gateway-jobs.migration';
export * from './migrations/1796100000000-training-records.migration';
export * from './trainer-gateway-job.repository';
export * from './training-checkpoint.repository';
export * from './training-job.repository';
export * from './training-metric.repository';

/** Entities of trainer-gateway's tables (the inbox entity comes from @astra/platform/database). */
export const TRAINER_GATEWAY_ENTITIES = [TrainerGatewayJobEntity, TrainingJobEntity, TrainingMetricEntity, TrainingCheckpointEntity];

/** Migrations of trainer-gateway's tables, in order: add a new one for every change, never edit one that has shipped. */
export const TRAINER_GATEWAY_MIGRATIONS = [TrainerGatewayJobs1796093241987, TrainingRecords1796100000000];
