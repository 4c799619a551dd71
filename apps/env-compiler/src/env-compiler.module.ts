import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { EnvCompilerJobRepository, EnvironmentRepository } from '@astra/persistence/env-compiler';
import { BusModule } from '@astra/platform/bus';
import { DatabaseModule, dataSourceProviders } from '@astra/platform/database';
import { JobsModule } from '@astra/platform/jobs';
import { LlmClient } from '@astra/platform/llm';
import type { DataSourceOptions } from 'typeorm';
import { DistractorPoolBuilder } from './distractors/distractor-pool.builder';
import { ENV_COMPILER_CONFIG, type EnvCompilerConfig, loadEnvCompilerLlmConfig } from './env-compiler.config';
import { EnvironmentsHandler } from './environments/environments.handler';
import { ListEnvironmentsUseCase } from './environments/list-environments.use-case';
import { ShowEnvironmentUseCase } from './environments/show-environment.use-case';
import { EnvCompilerJobs } from './jobs/env-compiler-jobs';
import { GetJobStatusUseCase } from './jobs/get-job-status.use-case';
import { JobStatusHandler } from './jobs/job-status.handler';
import { KbKnowledgeLoader } from './strategies/kb/kb-knowledge.loader';
import { KbStrategy } from './strategies/kb/kb.strategy';
import { LlmStrategy } from './strategies/llm/llm-strategy';
import { ENV_LLM_CLIENT, EnvLlm } from './synthesis/env-llm';
import { EnvironmentStrategies } from './synthesis/environment-strategies';
import { ENVIRONMENT_STRATEGIES } from './synthesis/environment-strategy';
import { SynthesisHandler } from './synthesis/synthesis.handler';
import { SynthesizeEnvironmentsUseCase } from './synthesis/synthesize-environments.use-case';
import { SandboxToolVerifier } from './verification/sandbox-tool-verifier';

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
    return {
      module: EnvCompilerModule,
      imports: [BusModule.forService('env-compiler', config), DatabaseModule.forRoot(options.database), JobsModule],
      providers: [
        { provide: ENV_COMPILER_CONFIG, useValue: config },
        ...dataSourceProviders(EnvCompilerJobRepository, EnvironmentRepository),
        EnvCompilerJobs,
        GetJobStatusUseCase,
        JobStatusHandler,
        ...synthesisProviders(config),
        ListEnvironmentsUseCase,
        ShowEnvironmentUseCase,
        EnvironmentsHandler,
      ],
    };
  }
}

/** The strategies, the sandbox checks and the synthesis job; the LLM client exists only when an LLM config is set. */
function synthesisProviders(config: EnvCompilerConfig): Provider[] {
  const llmConfig = loadEnvCompilerLlmConfig(config);
  return [
    { provide: ENV_LLM_CLIENT, useFactory: () => (llmConfig ? new LlmClient(llmConfig) : null) },
    EnvLlm,
    KbKnowledgeLoader,
    KbStrategy,
    LlmStrategy,
    {
      provide: ENVIRONMENT_STRATEGIES,
      useFactory: (kb: KbStrategy, llm: LlmStrategy) => [kb, llm],
      inject: [KbStrategy, LlmStrategy],
    },
    EnvironmentStrategies,
    SandboxToolVerifier,
    DistractorPoolBuilder,
    SynthesizeEnvironmentsUseCase,
    SynthesisHandler,
  ];
}
