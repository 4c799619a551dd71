import { type DynamicModule, Module } from '@nestjs/common';
import { RolloutBrokerJobRepository } from '@astra/persistence/rollout-broker';
import { BusModule } from '@astra/platform/bus';
import { DatabaseModule, dataSourceProviders } from '@astra/platform/database';
import { JobsModule } from '@astra/platform/jobs';
import type { DataSourceOptions } from 'typeorm';
import { GetJobStatusUseCase } from './jobs/get-job-status.use-case';
import { RolloutBrokerJobs } from './jobs/rollout-broker-jobs';
import { JobStatusHandler } from './jobs/job-status.handler';
import { ROLLOUT_BROKER_CONFIG, type RolloutBrokerConfig } from './rollout-broker.config';

export interface RolloutBrokerModuleOptions {
  readonly config: RolloutBrokerConfig;
  /** TypeORM options (serviceDatabaseOptions with ROLLOUT_BROKER_ENTITIES and ROLLOUT_BROKER_MIGRATIONS; a test database in tests). */
  readonly database: DataSourceOptions;
}

/** rollout-broker: see the services table in README.md. */
@Module({})
export class RolloutBrokerModule {
  static forRoot(options: RolloutBrokerModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: RolloutBrokerModule,
      imports: [BusModule.forService('rollout-broker', config), DatabaseModule.forRoot(options.database), JobsModule],
      providers: [
        { provide: ROLLOUT_BROKER_CONFIG, useValue: config },
        ...dataSourceProviders(RolloutBrokerJobRepository),
        RolloutBrokerJobs,
        GetJobStatusUseCase,
        JobStatusHandler,
      ],
    };
  }
}
