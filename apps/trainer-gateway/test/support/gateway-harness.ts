import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusError } from '@astra/contracts';
import {
  TRAINER_GATEWAY_ENTITIES,
  TRAINER_GATEWAY_MIGRATIONS,
  TrainerGatewayJobRepository,
  TrainingCheckpointRepository,
  TrainingJobRepository,
  TrainingMetricRepository,
} from '@astra/persistence/trainer-gateway';
import { InMemoryArtifactStore, MessageBus, type PublishOptions } from '@astra/platform/bus';
import { createTestDatabase } from '@astra/platform/database';
import { JobRunner, WorkCancellation } from '@astra/platform/jobs';
import type { KubernetesBackendPort } from '../../src/backends/kubernetes-backend.port';
import { KubernetesRun } from '../../src/backends/kubernetes-run';
import { GetJobStatusUseCase } from '../../src/jobs/get-job-status.use-case';
import { TrainerGatewayJobs } from '../../src/jobs/trainer-gateway-jobs';
import { CheckpointStore } from '../../src/local/checkpoint-store';
import { LocalEval } from '../../src/local/local-eval';
import { LocalGrpo } from '../../src/local/local-grpo';
import { LocalRunServices } from '../../src/local/local-run-services';
import { LocalSft } from '../../src/local/local-sft';
import { SftData } from '../../src/local/sft-data';
import { RolloutClient } from '../../src/rollouts/rollout-client';
import { LocalJobSlots } from '../../src/training/local-job-slots';
import { RunControls } from '../../src/training/run-control';
import { LocalRuns, RunTrainingUseCase } from '../../src/training/run-training.use-case';
import { TrainingMetrics } from '../../src/training/training-metrics';
import { TrainingQueriesUseCase } from '../../src/training/training-queries.use-case';
import { TrainingRecords } from '../../src/training/training-records';
import { loadTrainerGatewayConfig } from '../../src/trainer-gateway.config';
import type { TrainingWorkerLauncher } from '../../src/worker/training-worker.port';

/** A bus for unit tests: keeps what is published (dropping repeated ids) and answers RPCs from test responders. */
export class FakeBus extends MessageBus {
  readonly published: Array<{ key: string; payload: any; id: string }> = [];
  readonly responders = new Map<string, (payload: any) => unknown>();

  override async publish(key: string, payload: unknown, options: PublishOptions = {}): Promise<{ id: string; duplicate: boolean }> {
    const id = options.id ?? randomUUID();
    if (this.published.some((m) => m.id === id)) return { id, duplicate: true };
    this.published.push({ key, payload, id });
    return { id, duplicate: false };
  }

  override async request(key: string, payload: unknown): Promise<any> {
    const responder = this.responders.get(key);
    if (!responder) throw new BusError('NO_RESPONDERS', `no responder for ${key}`);
    return responder(payload);
  }

  payloadsOf(key: string): any[] {
    return this.published.filter((m) => m.key === key).map((m) => m.payload);
  }
}

/** The gateway's use cases wired by hand on SQLite, the fake bus, an in-memory artifact store and `launcher`. */
export async function gatewayHarness(
  launcher: TrainingWorkerLauncher,
  env: Record<string, string> = {},
  kubernetes?: KubernetesBackendPort,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'astra-trainer-unit-'));
  const db = createTestDatabase('sqlite', {
    service: 'trainer-gateway',
    entities: TRAINER_GATEWAY_ENTITIES,
    migrations: TRAINER_GATEWAY_MIGRATIONS,
  });
  const dataSource = await db.open();
  const config = loadTrainerGatewayConfig({ ASTRA_DATA_DIR: dataDir, TRAINER_CANCEL_POLL_MS: '10', ...env });
  const bus = new FakeBus();
  const artifacts = new InMemoryArtifactStore();
  const jobs = new TrainingJobRepository(dataSource);
  const records = new TrainingRecords(
    jobs,
    new TrainingMetricRepository(dataSource),
    new TrainingCheckpointRepository(dataSource),
    bus as never,
    new TrainingMetrics(),
    config,
  );
  const table = new TrainerGatewayJobRepository(dataSource);
  // The local-job limit of one gateway; shared by every instance() here (an instance that stopped released its slots).
  const slots = new LocalJobSlots(config);

  /** One gateway process: a new WorkCancellation each, as after a restart. */
  const instance = () => {
    const cancellation = new WorkCancellation();
    const controls = new RunControls(jobs, cancellation, config);
    const services = new LocalRunServices(launcher, records, new CheckpointStore(artifacts, records), config);
    const rollouts = new RolloutClient(bus as never, config);
    const sftData = new SftData(bus as never);
    const local = new LocalRuns(
      new LocalSft(services, sftData),
      new LocalGrpo(services, rollouts),
      new LocalEval(services, rollouts),
      slots,
    );
    const platformJobs = new TrainerGatewayJobs(new JobRunner(cancellation), table);
    const kubernetesRun = new KubernetesRun(records, sftData, rollouts, bus as never, config, kubernetes);
    return {
      cancellation,
      run: new RunTrainingUseCase(platformJobs, records, controls, local, kubernetesRun, config, bus as never),
      queries: new TrainingQueriesUseCase(records, controls),
      status: new GetJobStatusUseCase(platformJobs, records),
    };
  };

  return {
    bus,
    artifacts,
    records,
    dataDir,
    instance,
    async close() {
      await db.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
