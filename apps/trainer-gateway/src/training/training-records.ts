import { Inject, Injectable } from '@nestjs/common';
import type { CheckpointRecord, StepMetrics, TrainingJobRecord, TrainingJobRequest, TrainingJobSummary } from '@astra/contracts';
import {
  TrainingCheckpointRepository,
  TrainingJobEntity,
  type TrainingJobChanges,
  TrainingJobRepository,
  TrainingMetricRepository,
} from '@astra/persistence/trainer-gateway';
import { MessageBus } from '@astra/platform/bus';
import { TRAINER_GATEWAY_CONFIG, type TrainerGatewayConfig } from '../trainer-gateway.config';
import { TrainingMetrics } from './training-metrics';
import { toSummary, totalStepsOf } from './training-views';

const now = () => new Date().toISOString();

/** A training job's stored state as runs change it: steps with their metrics, checkpoints, worker, outcome. */
@Injectable()
export class TrainingRecords {
  constructor(
    readonly jobs: TrainingJobRepository,
    readonly metrics: TrainingMetricRepository,
    readonly checkpoints: TrainingCheckpointRepository,
    private readonly bus: MessageBus,
    private readonly telemetry: TrainingMetrics,
    @Inject(TRAINER_GATEWAY_CONFIG) private readonly config: TrainerGatewayConfig,
  ) {}

  /** Creates the job's row, queued, on its first delivery; a redelivery finds it as it was left. */
  async begin(request: TrainingJobRequest): Promise<TrainingJobEntity> {
    const at = now();
    const row = Object.assign(new TrainingJobEntity(), {
      jobId: request.jobId,
      kind: request.kind,
      backend: request.backend,
      status: 'queued',
      request,
      step: 0,
      totalSteps: totalStepsOf({ request }),
      baseStep: null,
      workerPid: null,
      workerRestarts: 0,
      kubernetesJob: null,
      policyUrl: null,
      checkpointId: null,
      error: null,
      evalResult: null,
      logTail: [],
      cancelRequested: 0,
      createdAt: at,
      startedAt: null,
      updatedAt: at,
      finishedAt: null,
    });
    return this.jobs.createIfAbsent(row);
  }

  /** Marks a job that has not ended running (again, on a redelivery), with its total steps. */
  async start(row: TrainingJobEntity): Promise<TrainingJobEntity> {
    const at = now();
    await this.jobs.update(row.jobId, { status: 'running', startedAt: row.startedAt ?? at, totalSteps: totalStepsOf(row) }, at);
    return this.row(row.jobId);
  }

  async update(jobId: string, changes: TrainingJobChanges): Promise<void> {
    await this.jobs.update(jobId, changes, now());
  }

  async row(jobId: string): Promise<TrainingJobEntity> {
    const row = await this.jobs.find(jobId);
    if (!row) throw new Error(`training job ${jobId} is not stored`);
    return row;
  }

  /**
   * Stores one step's metrics (once per step), advances the job's step, exports the metrics and publishes the
   * progress event. A step a resumed run repeats is not stored or published again.
   */
  async step(row: TrainingJobEntity, metrics: StepMetrics): Promise<boolean> {
    const stored = await this.metrics.save(row.jobId, metrics);
    if (!stored) return false;
    await this.jobs.update(row.jobId, { step: metrics.step }, now());
    this.telemetry.step(row.kind, row.backend, metrics);
    await this.bus.publish(
      'trainer-gateway.job.progress',
      { jobId: row.jobId, kind: row.kind, status: 'running', step: metrics.step, totalSteps: row.totalSteps, metrics },
      { id: `training-progress-${row.jobId}-${metrics.step}` },
    );
    return true;
  }

  async saveCheckpoint(record: CheckpointRecord): Promise<void> {
    await this.checkpoints.save(record);
    await this.jobs.update(record.jobId, { checkpointId: record.id }, now());
  }

  async log(jobId: string, lines: readonly string[]): Promise<void> {
    await this.jobs.appendLog(jobId, lines, this.config.TRAINER_LOG_TAIL_LINES, now());
  }

  async summary(jobId: string): Promise<TrainingJobSummary | undefined> {
    const row = await this.jobs.find(jobId);
    return row ? toSummary(row, await this.metrics.last(jobId)) : undefined;
  }

  /** The whole job for job.show. */
  async record(jobId: string): Promise<TrainingJobRecord | undefined> {
    const row = await this.jobs.find(jobId);
    if (!row) return undefined;
    const metrics = await this.metrics.ofJob(jobId);
    const summary = toSummary(row, metrics.at(-1));
    return {
      ...summary,
      request: row.request,
      metrics,
      checkpoints: await this.checkpoints.ofJob(jobId),
      worker: {
        ...(row.workerPid !== null ? { pid: row.workerPid } : {}),
        restarts: row.workerRestarts,
        ...(row.kubernetesJob ? { kubernetesJob: row.kubernetesJob } : {}),
      },
      ...(row.policyUrl ? { policyUrl: row.policyUrl } : {}),
      ...(row.evalResult ? { eval: row.evalResult } : {}),
      ...(row.error ? { error: row.error } : {}),
      logTail: row.logTail,
      ...(row.startedAt ? { startedAt: row.startedAt } : {}),
    };
  }
}
