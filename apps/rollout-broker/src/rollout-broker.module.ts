import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { RolloutBrokerJobRepository, RolloutEpisodeRepository, RolloutGroupRepository } from '@astra/persistence/rollout-broker';
import { BusModule } from '@astra/platform/bus';
import { DatabaseModule, dataSourceProviders } from '@astra/platform/database';
import { JobsModule } from '@astra/platform/jobs';
import { BEARER_TOKEN_SETTINGS, BearerTokenGuard } from '@astra/platform/runtime';
import type { DataSourceOptions } from 'typeorm';
import { BatchHandler } from './batches/batch.handler';
import { BatchGroupsUseCase } from './batches/batch-groups.use-case';
import { BatchRecords } from './batches/batch-records';
import { EpisodeLauncher } from './batches/episode-launcher';
import { EPISODE_RUNNER, POLICY_FACTORY } from './batches/episode-ports';
import { EpisodeSlots } from './batches/episode-slots';
import { BatchRunServices, RunBatchUseCase } from './batches/run-batch.use-case';
import { EnvironmentSource } from './environments/environment-source';
import { EpisodeRunner } from './episodes/episode-runner';
import { EPISODE_PROVIDERS } from './episodes/episode.providers';
import { PolicyFactory } from './episodes/policy-factory';
import { RolloutsController } from './http/rollouts.controller';
import { GetJobStatusUseCase } from './jobs/get-job-status.use-case';
import { JobStatusHandler } from './jobs/job-status.handler';
import { RolloutBrokerJobs } from './jobs/rollout-broker-jobs';
import { ROLLOUT_BROKER_CONFIG, type RolloutBrokerConfig } from './rollout-broker.config';
import { EPISODE_REPLAY } from './stored-episodes/episode-replay.port';
import { ListEpisodesUseCase } from './stored-episodes/list-episodes.use-case';
import { RescoreEpisodesUseCase } from './stored-episodes/rescore-episodes.use-case';
import { SandboxEpisodeReplay } from './stored-episodes/sandbox-episode-replay';
import { StoredEpisodesHandler } from './stored-episodes/stored-episodes.handler';

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
      controllers: [RolloutsController],
      providers: [
        { provide: ROLLOUT_BROKER_CONFIG, useValue: config },
        { provide: BEARER_TOKEN_SETTINGS, useValue: { token: config.ROLLOUT_HTTP_TOKEN } },
        BearerTokenGuard,
        ...dataSourceProviders(RolloutBrokerJobRepository, RolloutEpisodeRepository, RolloutGroupRepository),
        RolloutBrokerJobs,
        GetJobStatusUseCase,
        JobStatusHandler,
        ...batchProviders(),
        BatchGroupsUseCase,
        ListEpisodesUseCase,
        RescoreEpisodesUseCase,
        { provide: EPISODE_REPLAY, useClass: SandboxEpisodeReplay },
        StoredEpisodesHandler,
      ],
    };
  }
}

/** The episode runner and policies (episodes/), and the batch job over them. */
function batchProviders(): Provider[] {
  return [
    ...EPISODE_PROVIDERS,
    { provide: EPISODE_RUNNER, useExisting: EpisodeRunner },
    { provide: POLICY_FACTORY, useExisting: PolicyFactory },
    EnvironmentSource,
    EpisodeSlots,
    BatchRecords,
    EpisodeLauncher,
    BatchRunServices,
    RunBatchUseCase,
    BatchHandler,
  ];
}
