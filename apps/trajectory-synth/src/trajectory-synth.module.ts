import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TaskRepository, TrajectoryRepository, TrajectorySynthJobRepository } from '@astra/persistence/trajectory-synth';
import { BusModule } from '@astra/platform/bus';
import { DatabaseModule, dataSourceProviders } from '@astra/platform/database';
import { JobsModule } from '@astra/platform/jobs';
import { LlmClient } from '@astra/platform/llm';
import type { DataSourceOptions } from 'typeorm';
import { AGENT_PROVIDERS } from './agents/agent.providers';
import { EXECUTOR_PROVIDERS } from './executors/executor.providers';
import { JudgeTrajectoriesUseCase } from './judging/judge-trajectories.use-case';
import { TrajectoryJudgingHandler } from './judging/trajectory-judging.handler';
import { GetJobStatusUseCase } from './jobs/get-job-status.use-case';
import { JobStatusHandler } from './jobs/job-status.handler';
import { TrajectorySynthJobs } from './jobs/trajectory-synth-jobs';
import { TRAJECTORY_LLM_CLIENT, TrajLlm } from './llm/traj-llm';
import { ExportTrajectoriesUseCase } from './records/export-trajectories.use-case';
import { RecordsHandler } from './records/records.handler';
import { TaskRecordsUseCase } from './records/task-records.use-case';
import { TrajectoryRecordsUseCase } from './records/trajectory-records.use-case';
import { TASK_PROVIDERS } from './tasks/task.providers';
import { GenerateTasksUseCase } from './task-generation/generate-tasks.use-case';
import { TaskGenerationHandler } from './task-generation/task-generation.handler';
import { TRAJECTORY_SYNTH_CONFIG, type TrajectorySynthConfig, loadTrajectorySynthLlmConfig } from './trajectory-synth.config';
import { BusTrajectoryJudge } from './trajectories/bus-trajectory-judge';
import { SynthesizeTrajectoriesUseCase } from './trajectories/synthesize-trajectories.use-case';
import { TaskSelector } from './trajectories/task-selector';
import { TRAJECTORY_JUDGE } from './trajectories/trajectory-judge';
import { TrajectoryMaker } from './trajectories/trajectory-maker';
import { TrajectorySynthesisHandler } from './trajectories/trajectory-synthesis.handler';

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
        ...dataSourceProviders(TrajectorySynthJobRepository, TaskRepository, TrajectoryRepository),
        TrajectorySynthJobs,
        GetJobStatusUseCase,
        JobStatusHandler,
        ...llmProviders(config),
        ...jobProviders(),
        TaskRecordsUseCase,
        TrajectoryRecordsUseCase,
        ExportTrajectoriesUseCase,
        RecordsHandler,
      ],
    };
  }
}

/** The optional LLM client (null without an LLM config) every model role of the service shares. */
function llmProviders(config: TrajectorySynthConfig): Provider[] {
  const llmConfig = loadTrajectorySynthLlmConfig(config);
  return [{ provide: TRAJECTORY_LLM_CLIENT, useFactory: () => (llmConfig ? new LlmClient(llmConfig) : null) }, TrajLlm];
}

/** The three jobs: task generation, trajectory synthesis (executors, agents, judge) and re-judging. */
function jobProviders(): Provider[] {
  return [
    ...TASK_PROVIDERS,
    GenerateTasksUseCase,
    TaskGenerationHandler,
    TaskSelector,
    ...EXECUTOR_PROVIDERS,
    ...AGENT_PROVIDERS,
    { provide: TRAJECTORY_JUDGE, useClass: BusTrajectoryJudge },
    TrajectoryMaker,
    SynthesizeTrajectoriesUseCase,
    TrajectorySynthesisHandler,
    JudgeTrajectoriesUseCase,
    TrajectoryJudgingHandler,
  ];
}
