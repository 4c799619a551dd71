import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import {
  TrainerGatewayJobRepository,
  TrainingCheckpointRepository,
  TrainingJobRepository,
  TrainingMetricRepository,
} from '@astra/persistence/trainer-gateway';
import { BusModule } from '@astra/platform/bus';
import { DatabaseModule, dataSourceProviders } from '@astra/platform/database';
import { JobsModule } from '@astra/platform/jobs';
import type { DataSourceOptions } from 'typeorm';
import { KubernetesRun } from './backends/kubernetes-run';
import { KUBERNETES_BACKEND_PROVIDERS } from './kubernetes/kubernetes.providers';
import { GetJobStatusUseCase } from './jobs/get-job-status.use-case';
import { JobStatusHandler } from './jobs/job-status.handler';
import { TrainerGatewayJobs } from './jobs/trainer-gateway-jobs';
import { CheckpointStore } from './local/checkpoint-store';
import { LocalEval } from './local/local-eval';
import { LocalGrpo } from './local/local-grpo';
import { LocalRunServices } from './local/local-run-services';
import { LocalSft } from './local/local-sft';
import { SftData } from './local/sft-data';
import { RolloutClient } from './rollouts/rollout-client';
import { LocalJobSlots } from './training/local-job-slots';
import { RunControls } from './training/run-control';
import { LocalRuns, RunTrainingUseCase } from './training/run-training.use-case';
import { TrainingMetrics } from './training/training-metrics';
import { TrainingQueriesUseCase } from './training/training-queries.use-case';
import { TrainingRecords } from './training/training-records';
import { TrainingHandler } from './training/training.handler';
import { TRAINER_GATEWAY_CONFIG, type TrainerGatewayConfig } from './trainer-gateway.config';
import { PythonWorkerLauncher } from './worker/worker-process';
import { TrainingWorkerLauncher } from './worker/training-worker.port';

export interface TrainerGatewayModuleOptions {
  readonly config: TrainerGatewayConfig;
  /** TypeORM options (serviceDatabaseOptions with TRAINER_GATEWAY_ENTITIES and TRAINER_GATEWAY_MIGRATIONS; a test database in tests). */
  readonly database: DataSourceOptions;
  /** Replaces the Python worker (unit tests bind a fake). */
  readonly workerLauncher?: Provider;
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
        ...dataSourceProviders(TrainerGatewayJobRepository, TrainingJobRepository, TrainingMetricRepository, TrainingCheckpointRepository),
        TrainerGatewayJobs,
        GetJobStatusUseCase,
        JobStatusHandler,
        ...trainingProviders(options.workerLauncher),
      ],
    };
  }
}

/** The training runs (local worker, Kubernetes) and the training RPCs. */
export function trainingProviders(workerLauncher?: Provider): Provider[] {
  return [
    TrainingMetrics,
    TrainingRecords,
    RunControls,
    LocalJobSlots,
    workerLauncher ?? { provide: TrainingWorkerLauncher, useClass: PythonWorkerLauncher },
    CheckpointStore,
    SftData,
    RolloutClient,
    LocalRunServices,
    LocalSft,
    LocalGrpo,
    LocalEval,
    LocalRuns,
    ...KUBERNETES_BACKEND_PROVIDERS,
    KubernetesRun,
    RunTrainingUseCase,
    TrainingQueriesUseCase,
    TrainingHandler,
  ];
}
