import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { BusError, type TrainingJobRequest } from '@astra/contracts';
import { MessageBus } from '@astra/platform/bus';
import { type JobContext, type JobDelivery, jobFault } from '@astra/platform/jobs';
import { Traced } from '@astra/platform/telemetry';
import { KubernetesRun } from '../backends/kubernetes-run';
import { type TrainingJobResult, TrainerGatewayJobs } from '../jobs/trainer-gateway-jobs';
import { LocalEval } from '../local/local-eval';
import { LocalGrpo } from '../local/local-grpo';
import { LocalSft } from '../local/local-sft';
import { TRAINER_GATEWAY_CONFIG, type TrainerGatewayConfig, trainerDataDir } from '../trainer-gateway.config';
import { LocalJobSlots } from './local-job-slots';
import { RunControls } from './run-control';
import type { RunContext, RunOutcome } from './training-run.types';
import { TrainingRecords } from './training-records';

const now = () => new Date().toISOString();

/** The local runs, one per kind, in one injectable (the use case stays within six dependencies). */
@Injectable()
export class LocalRuns {
  constructor(
    readonly sft: LocalSft,
    readonly grpo: LocalGrpo,
    readonly evaluation: LocalEval,
    readonly slots: LocalJobSlots,
  ) {}
}

/**
 * One delivery of a training job: the platform job runner around a run on the job's backend. The training row says
 * how it ended (completed, failed, cancelled; running again when the delivery is retried), job.finished says it
 * once it ended: the event's id is derived from the job, so a redelivery that sends it again is dropped.
 */
@Injectable()
export class RunTrainingUseCase {
  constructor(
    private readonly jobs: TrainerGatewayJobs,
    private readonly records: TrainingRecords,
    private readonly controls: RunControls,
    private readonly local: LocalRuns,
    private readonly kubernetes: KubernetesRun,
    @Inject(TRAINER_GATEWAY_CONFIG) private readonly config: TrainerGatewayConfig,
    private readonly bus: MessageBus,
  ) {}

  @Traced()
  async execute(request: TrainingJobRequest, delivery: JobDelivery): Promise<void> {
    await this.jobs.run(request.kind, request, delivery, (job) => this.work(request, job, delivery));
    await this.publishFinished(request.jobId);
  }

  private async work(request: TrainingJobRequest, job: JobContext, delivery: JobDelivery): Promise<TrainingJobResult> {
    const queued = await this.records.begin(request);
    if (queued.status === 'completed') return this.result(request.jobId);
    if (queued.status === 'cancelled') throw new BusError('CANCELLED', `training job ${request.jobId} was cancelled`);
    if (queued.status === 'failed')
      throw new BusError('CONFLICT', queued.error?.message ?? 'the training job failed', { retryable: false });
    const control = this.controls.open(request.jobId);
    let release = () => undefined as void;
    try {
      await control.check();
      if (request.backend === 'local') release = await this.local.slots.acquire(control);
      const row = await this.records.start(queued);
      await job.progress(row.step, row.totalSteps);
      const outcome = await this.runOn(request, { row, job, control, dir: join(trainerDataDir(this.config), request.jobId) });
      await this.records.update(request.jobId, { status: 'completed', finishedAt: now(), workerPid: null, policyUrl: null });
      return await this.result(request.jobId, outcome);
    } catch (error) {
      // The delivery's own fault is what the runner records; a store that fails here too must not replace it.
      await this.settle(request.jobId, error, delivery).catch(() => undefined);
      throw error;
    } finally {
      release();
      this.controls.release(control);
    }
  }

  private runOn(request: TrainingJobRequest, ctx: RunContext): Promise<RunOutcome> {
    if (request.backend === 'kubernetes') return this.kubernetes.run(request, ctx);
    switch (request.kind) {
      case 'sft':
        return this.local.sft.run(request, ctx);
      case 'grpo':
        return this.local.grpo.run(request, ctx);
      case 'eval':
        return this.local.evaluation.run(request, ctx);
    }
  }

  /** Stores how a failed delivery leaves the job: cancelled, failed for good, or running (retried by a redelivery). */
  private async settle(jobId: string, error: unknown, delivery: JobDelivery): Promise<void> {
    const fault = jobFault(error);
    const ended = fault.code === 'CANCELLED' ? 'cancelled' : !fault.retryable || delivery.lastDelivery ? 'failed' : undefined;
    const cleared = { workerPid: null, policyUrl: null };
    if (!ended) return this.records.update(jobId, cleared);
    await this.records.update(jobId, { ...cleared, status: ended, finishedAt: now(), error: { code: fault.code, message: fault.message } });
  }

  private async result(jobId: string, outcome: RunOutcome = {}): Promise<TrainingJobResult> {
    const row = await this.records.row(jobId);
    const training = await this.records.summary(jobId);
    if (!training) throw new Error(`training job ${jobId} is not stored`);
    const checkpointId = outcome.checkpointId ?? row.checkpointId ?? undefined;
    const evaluation = outcome.eval ?? row.evalResult ?? undefined;
    return { training, ...(checkpointId && row.kind !== 'eval' ? { checkpointId } : {}), ...(evaluation ? { eval: evaluation } : {}) };
  }

  /** Publishes job.finished for a job that ended (again after a redelivery: the bus drops the repeat by its id). */
  private async publishFinished(jobId: string): Promise<void> {
    const row = await this.records.jobs.find(jobId);
    if (!row || (row.status !== 'completed' && row.status !== 'failed' && row.status !== 'cancelled')) return;
    await this.bus.publish(
      'trainer-gateway.job.finished',
      {
        jobId,
        kind: row.kind,
        status: row.status,
        ...(row.error && row.status !== 'completed' ? { error: row.error } : {}),
        ...(row.checkpointId && row.kind !== 'eval' ? { checkpointId: row.checkpointId } : {}),
        ...(row.evalResult ? { eval: row.evalResult } : {}),
      },
      { id: `training-finished-${jobId}` },
    );
  }
}
