import { TrainerGatewayJobEntity } from './entities/trainer-gateway-job.entity';
import { TrainerGatewayJobs1796093241987 } from './migrations/1796093241987-trainer-gateway-jobs.migration';

export * from './entities/trainer-gateway-job.entity';
export * from './migrations/1796093241987-trainer-gateway-jobs.migration';
export * from './trainer-gateway-job.repository';

/** Entities of trainer-gateway's tables (the inbox entity comes from @astra/platform/database). */
export const TRAINER_GATEWAY_ENTITIES = [TrainerGatewayJobEntity];

/** Migrations of trainer-gateway's tables, in order: add a new one for every change, never edit one that has shipped. */
export const TRAINER_GATEWAY_MIGRATIONS = [TrainerGatewayJobs1796093241987];
