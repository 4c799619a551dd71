import { readFile } from 'node:fs/promises';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { BusError, type StepMetrics, StepMetricsSchema, type TrainingJobRequest } from '@astra/contracts';
import { checkpointId } from '../local/checkpoint-store';
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
    const port = this.port;
    const outputUri = `${this.config.TRAINER_KUBERNETES_OUTPUT_URI.replace(/\/+$/, '')}/${request.jobId}`;
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

  /** The files mounted into the pod: the SFT export, or the request (environments, settings) for grpo and eval. */
  private async inputs(request: TrainingJobRequest, ctx: RunContext): Promise<KubernetesJobInputs['files']> {
    const files: Record<string, string> = { 'request.json': JSON.stringify(request) };
    if (request.kind !== 'sft') return files;
    const data = await this.sftData.prepare(request.trajectoryJobs, ctx.dir);
    files['sft.train.jsonl'] = await readFile(data.train, 'utf8');
    if (data.validation) files['sft.validation.jsonl'] = await readFile(data.validation, 'utf8');
    return files;
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
