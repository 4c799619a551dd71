import { type DynamicModule, Module } from '@nestjs/common';
import { EnvCompilerJobRepository } from '@astra/persistence/env-compiler';
import { BusModule } from '@astra/platform/bus';
import { DatabaseModule, dataSourceProviders } from '@astra/platform/database';
import { JobsModule } from '@astra/platform/jobs';
import { LlmClient } from '@astra/platform/llm';
import type { DataSourceOptions } from 'typeorm';
import { GetJobStatusUseCase } from './jobs/get-job-status.use-case';
import { EnvCompilerJobs } from './jobs/env-compiler-jobs';
import { JobStatusHandler } from './jobs/job-status.handler';
import { ENV_COMPILER_CONFIG, type EnvCompilerConfig, loadEnvCompilerLlmConfig } from './env-compiler.config';
import { ENV_LLM_CLIENT, EnvLlm } from './synthesis/env-llm';

export interface EnvCompilerModuleOptions {
  readonly config: EnvCompilerConfig;
  /** TypeORM options (serviceDatabaseOptions with ENV_COMPILER_ENTITIES and ENV_COMPILER_MIGRATIONS; a test database in tests). */
  readonly database: DataSourceOptions;
}

/** env-compiler: see the services table in README.md. */
@Module({})
export class EnvCompilerModule {
  static forRoot(options: EnvCompilerModuleOptions): DynamicModule {
    const { config } = options;
    const llmConfig = loadEnvCompilerLlmConfig(config);
    return {
      module: EnvCompilerModule,
      imports: [BusModule.forService('env-compiler', config), DatabaseModule.forRoot(options.database), JobsModule],
      providers: [
        { provide: ENV_COMPILER_CONFIG, useValue: config },
        ...dataSourceProviders(EnvCompilerJobRepository),
        { provide: ENV_LLM_CLIENT, useFactory: () => (llmConfig ? new LlmClient(llmConfig) : null) },
        EnvLlm,
        EnvCompilerJobs,
        GetJobStatusUseCase,
        JobStatusHandler,
      ],
    };
  }
}
