import { type DynamicModule, Module } from '@nestjs/common';
import { TrajectorySynthJobRepository } from '@astra/persistence/trajectory-synth';
import { BusModule } from '@astra/platform/bus';
import { DatabaseModule, dataSourceProviders } from '@astra/platform/database';
import { JobsModule } from '@astra/platform/jobs';
import type { DataSourceOptions } from 'typeorm';
import { GetJobStatusUseCase } from './jobs/get-job-status.use-case';
import { TrajectorySynthJobs } from './jobs/trajectory-synth-jobs';
import { JobStatusHandler } from './jobs/job-status.handler';
import { TRAJECTORY_SYNTH_CONFIG, type TrajectorySynthConfig } from './trajectory-synth.config';

export interface TrajectorySynthModuleOptions {
  readonly config: TrajectorySynthConfig;
  /** TypeORM options (serviceDatabaseOptions with TRAJECTORY_SYNTH_ENTITIES and TRAJECTORY_SYNTH_MIGRATIONS; a test database in tests). */
  readonly database: DataSourceOptions;
}

/** trajectory-synth: see the services table in README.md. */
@Module({})
export class TrajectorySynthModule {
  static forRoot(options: TrajectorySynthModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: TrajectorySynthModule,
      imports: [BusModule.forService('trajectory-synth', config), DatabaseModule.forRoot(options.database), JobsModule],
      providers: [
        { provide: TRAJECTORY_SYNTH_CONFIG, useValue: config },
        ...dataSourceProviders(TrajectorySynthJobRepository),
        TrajectorySynthJobs,
        GetJobStatusUseCase,
        JobStatusHandler,
      ],
    };
  }
}
