import { readFile } from 'node:fs/promises';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { BusError, type StepMetrics, StepMetricsSchema, type TrainingJobRequest } from '@astra/contracts';
import { MessageBus } from '@astra/platform/bus';
import { outputUriFor } from '../kubernetes/kubernetes.backend';
import { TRAIN_DATA_FILE } from '../kubernetes/trainer-plan';
import { checkpointId } from '../local/checkpoint-store';
import { RolloutClient } from '../rollouts/rollout-client';
import { grpoTaskRow } from './grpo-task-rows';
import { SftData } from '../local/sft-data';
import type { RunContext, RunOutcome } from '../training/training-run.types';
import { TrainingRecords } from '../training/training-records';
import { TRAINER_GATEWAY_CONFIG, type TrainerGatewayConfig } from '../trainer-gateway.config';
import { type KubernetesJobInputs, KubernetesBackendPort, type KubernetesUpdate } from './kubernetes-backend.port';

const METRIC_FIELDS = Object.keys(StepMetricsSchema.shape).filter((k) => k !== 'step' && k !== 'at');

/**
 * A training job on Kubernetes through KubernetesBackendPort: its inputs as files, the Job launched (or found again
 * by a redelivery), followed until it ends with its steps and log lines recorded; a cancel deletes the Job, a
 * shutdown leaves it running for the redelivery to follow. Without a bound port such jobs fail with the reason.
 */
@Injectable()
export class KubernetesRun {
  constructor(
    private readonly records: TrainingRecords,
    private readonly sftData: SftData,
    private readonly rollouts: RolloutClient,
    private readonly bus: MessageBus,
    @Inject(TRAINER_GATEWAY_CONFIG) private readonly config: TrainerGatewayConfig,
    @Optional() private readonly port?: KubernetesBackendPort,
  ) {}

  async run(request: TrainingJobRequest, ctx: RunContext): Promise<RunOutcome> {
    if (!this.port) {
      throw new BusError(
        'VALIDATION_FAILED',
        'this trainer-gateway has no Kubernetes backend configured; submit the job with backend local',
      );
    }
    if (request.kind === 'eval') {
      throw new BusError('VALIDATION_FAILED', 'evaluations run against the rollout broker on the local backend: submit with backend local');
    }
    const port = this.port;
    const outputUri = outputUriFor(this.config, request.jobId);
    const { name } = await port.launch(request, { files: await this.inputs(request, ctx), outputUri });
    await this.records.update(request.jobId, { kubernetesJob: name });
    const abort = new AbortController();
    const unsubscribe = ctx.control.onStop(() => abort.abort());
    let last = 0;
    try {
      const onUpdate = async (update: KubernetesUpdate) => {
        last = await this.onUpdate(ctx, update, last);
      };
      const outcome = await port.follow(name, onUpdate, abort.signal);
      if (outcome.status === 'cancelled' || ctx.control.reason) {
        if (ctx.control.reason !== 'shutdown') await port.cancel(name);
        throw ctx.control.stopError(ctx.control.reason ?? 'cancelled');
      }
      if (outcome.status === 'failed')
        throw new BusError('INTERNAL', `Kubernetes job ${name} failed: ${outcome.reason}`, { retryable: false });
      return await this.finish(request, last, outputUri);
    } finally {
      unsubscribe();
    }
  }

  /** The trainer's data as train.jsonl: the SFT export's training lines, or one GRPO task row per environment. */
  private async inputs(request: TrainingJobRequest, ctx: RunContext): Promise<KubernetesJobInputs['files']> {
    if (request.kind === 'sft') {
      const data = await this.sftData.prepare(request.trajectoryJobs, ctx.dir);
      return { [TRAIN_DATA_FILE]: await readFile(data.train, 'utf8') };
    }
    const rows: string[] = [];
    for (const id of await this.rollouts.environmentIds(request.environments)) {
      const { environment } = await this.bus.request('env-compiler.environment.show', { id });
      rows.push(JSON.stringify(grpoTaskRow(environment)));
    }
    return { [TRAIN_DATA_FILE]: `${rows.join('\n')}\n` };
  }

  private async onUpdate(ctx: RunContext, update: KubernetesUpdate, last: number): Promise<number> {
    await this.records.log(ctx.row.jobId, update.logLines);
    if (!update.step) return last;
    const metrics: StepMetrics = { step: update.step.step, at: new Date().toISOString() };
    for (const [key, value] of Object.entries(update.step.metrics)) {
      if (METRIC_FIELDS.includes(key) && Number.isFinite(value)) Object.assign(metrics, { [key]: value });
    }
    await this.records.step(ctx.row, metrics);
    await ctx.job.progress(metrics.step, ctx.row.totalSteps);
    return Math.max(last, metrics.step);
  }

  /** A succeeded sft or grpo job's checkpoint is its output on the cluster's storage. */
  private async finish(request: TrainingJobRequest, last: number, uri: string): Promise<RunOutcome> {
    if (request.kind === 'eval') return {};
    const step = last || request.hyperparameters.steps;
    const parentId = request.model.kind === 'checkpoint' ? request.model.checkpointId : null;
    const record = {
      id: checkpointId(request.jobId, step),
      jobId: request.jobId,
      kind: request.kind,
      step,
      version: `${request.jobId}@${step}`,
      parentId,
      dataHashes: [],
      location: { kind: 'uri' as const, uri },
      parameters: 0,
      createdAt: new Date().toISOString(),
    };
    await this.records.saveCheckpoint(record);
    return { checkpointId: record.id };
  }
}
