import { type DynamicModule, Module } from '@nestjs/common';
import { TrainerGatewayJobRepository } from '@astra/persistence/trainer-gateway';
import { BusModule } from '@astra/platform/bus';
import { DatabaseModule, dataSourceProviders } from '@astra/platform/database';
import { JobsModule } from '@astra/platform/jobs';
import type { DataSourceOptions } from 'typeorm';
import { GetJobStatusUseCase } from './jobs/get-job-status.use-case';
import { TrainerGatewayJobs } from './jobs/trainer-gateway-jobs';
import { JobStatusHandler } from './jobs/job-status.handler';
import { TRAINER_GATEWAY_CONFIG, type TrainerGatewayConfig } from './trainer-gateway.config';

export interface TrainerGatewayModuleOptions {
  readonly config: TrainerGatewayConfig;
  /** TypeORM options (serviceDatabaseOptions with TRAINER_GATEWAY_ENTITIES and TRAINER_GATEWAY_MIGRATIONS; a test database in tests). */
  readonly database: DataSourceOptions;
}

/** trainer-gateway: see the services table in README.md. */
@Module({})
export class TrainerGatewayModule {
  static forRoot(options: TrainerGatewayModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: TrainerGatewayModule,
      imports: [BusModule.forService('trainer-gateway', config), DatabaseModule.forRoot(options.database), JobsModule],
      providers: [
        { provide: TRAINER_GATEWAY_CONFIG, useValue: config },
        ...dataSourceProviders(TrainerGatewayJobRepository),
        TrainerGatewayJobs,
        GetJobStatusUseCase,
        JobStatusHandler,
      ],
    };
  }
}
