import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { BusError, type CheckpointRecord, type StepMetrics, type TrainingJobRequest } from '@astra/contracts';
import type { RunContext, RunOutcome } from '../training/training-run.types';
import {
  CheckpointEventSchema,
  SaveResultSchema,
  SftResultSchema,
  StepEventSchema,
  ValidationEventSchema,
  type WorkerEvent,
} from '../worker/worker-protocol';
import { LocalRunServices, type ModelStart } from './local-run-services';
import { SftData, type SftFiles } from './sft-data';
import type { WorkerSession } from './worker-session';

type SftRequest = Extract<TrainingJobRequest, { kind: 'sft' }>;

/** Drops nulls and non-finite numbers the worker may report (a loss not measured yet). */
const num = (value: number | null | undefined) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * Supervised fine-tuning on the local worker: the trajectory jobs' export as files, a fresh model (or a checkpoint),
 * one `sft` request whose steps are recorded as they come and whose checkpoints are stored as artifacts. A worker that
 * dies, or a redelivery, resumes from the job's newest checkpoint; a step is recorded once.
 */
@Injectable()
export class LocalSft {
  constructor(
    private readonly services: LocalRunServices,
    private readonly data: SftData,
  ) {}

  async run(request: SftRequest, ctx: RunContext): Promise<RunOutcome> {
    const files = await this.data.prepare(request.trajectoryJobs, ctx.dir);
    const source = request.model.kind === 'checkpoint' ? await this.services.checkpoints.resolve(request.model.checkpointId) : undefined;
    if (request.model.kind === 'hub') {
      throw new BusError(
        'VALIDATION_FAILED',
        'the local backend trains its own scratch model or a checkpoint; a hub model needs backend kubernetes',
      );
    }
    return this.services.withRestarts(ctx.control, () => this.attempt(request, ctx, files, source));
  }

  private async attempt(request: SftRequest, ctx: RunContext, files: SftFiles, source: CheckpointRecord | undefined): Promise<RunOutcome> {
    const { services } = this;
    const resume = await services.checkpoints.newestOf(request.jobId);
    const start = await this.modelStart(request, ctx, files, resume ?? source);
    await ctx.control.check();
    const { session, init } = await services.openWorker(ctx.control, request.seed, start);
    try {
      const base = await this.baseStep(ctx, init.step, resume);
      const hp = request.hyperparameters;
      let last: CheckpointRecord | undefined = resume ?? (await this.saveInitial(request, ctx, session, files, init.parameters));
      const onEvent = async (event: WorkerEvent) => {
        const saved = await this.onEvent(request, ctx, event, base, {
          parentId: last?.id ?? source?.id ?? null,
          files,
          parameters: init.parameters,
        });
        if (saved) last = saved;
      };
      const args = {
        train: files.train,
        validation: files.validation,
        steps: base + hp.steps,
        batchSize: hp.batchSize,
        learningRate: hp.learningRate,
        warmupSteps: hp.warmupSteps,
        epochs: hp.epochs,
        includeReasoning: hp.includeReasoning,
        checkpointEvery: request.checkpointEvery,
        checkpointDir: join(ctx.dir, 'checkpoints'),
      };
      await session.call('sft', args, SftResultSchema, onEvent);
      await session.close();
      return last ? { checkpointId: last.id } : {};
    } catch (error) {
      await closeQuietly(session);
      throw error;
    }
  }

  /**
   * A fresh model's step-0 checkpoint, saved before the first step: the untrained model (an evaluation baseline) and
   * the root of the job's lineage. A model from a checkpoint has its root already.
   */
  private async saveInitial(request: SftRequest, ctx: RunContext, session: WorkerSession, files: SftFiles, parameters: number) {
    if (request.model.kind !== 'scratch') return undefined;
    const path = join(ctx.dir, 'checkpoints', 'initial.pt');
    await session.call('save', { path }, SaveResultSchema);
    return this.services.checkpoints.store({
      jobId: request.jobId,
      kind: 'sft',
      step: 0,
      path,
      parentId: null,
      parameters,
      dataHashes: files.hashes,
    });
  }

  /** The job's newest checkpoint, else the source checkpoint, else a fresh model whose vocabulary comes from the data. */
  private async modelStart(request: SftRequest, ctx: RunContext, files: SftFiles, from: CheckpointRecord | undefined): Promise<ModelStart> {
    if (from) return { checkpoint: await this.services.checkpoints.fetch(from, ctx.dir) };
    if (request.model.kind !== 'scratch') throw new BusError('VALIDATION_FAILED', 'an SFT job needs a scratch model or a checkpoint');
    const { kind: _kind, ...model } = request.model;
    return { model, tokenizerData: files.validation ? [files.train, files.validation] : [files.train] };
  }

  /** The worker's step when the job began: stored on the first start, read back on a resume. */
  private async baseStep(ctx: RunContext, initStep: number, resume: CheckpointRecord | undefined): Promise<number> {
    const row = await this.services.records.row(ctx.row.jobId);
    if (row.baseStep !== null) return row.baseStep;
    const base = resume ? initStep - resume.step : initStep;
    await this.services.records.update(ctx.row.jobId, { baseStep: base });
    return base;
  }

  private async onEvent(
    request: SftRequest,
    ctx: RunContext,
    event: WorkerEvent,
    base: number,
    lineage: { parentId: string | null; files: SftFiles; parameters: number },
  ): Promise<CheckpointRecord | undefined> {
    const { records, checkpoints } = this.services;
    if (event.event === 'step') {
      const e = StepEventSchema.parse(event);
      const metrics: StepMetrics = { step: e.step - base, at: new Date().toISOString() };
      Object.assign(metrics, defined({ loss: num(e.loss), learningRate: num(e.learningRate), tokensPerSecond: num(e.tokensPerSecond) }));
      await records.step(ctx.row, metrics);
      await ctx.job.progress(metrics.step, request.hyperparameters.steps);
      await ctx.control.check();
    } else if (event.event === 'validation') {
      const e = ValidationEventSchema.parse(event);
      const loss = num(e.validationLoss);
      if (loss !== undefined) await records.metrics.merge(request.jobId, e.step - base, { validationLoss: loss });
    } else if (event.event === 'checkpoint') {
      const e = CheckpointEventSchema.parse(event);
      const { parentId, parameters, files } = lineage;
      return checkpoints.store({
        jobId: request.jobId,
        kind: 'sft',
        step: e.step - base,
        path: e.path,
        parentId,
        parameters,
        dataHashes: files.hashes,
      });
    }
    return undefined;
  }
}

/** The object without its undefined fields. */
export function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Closes a session after a failure, keeping the failure as the error. */
export async function closeQuietly(session: WorkerSession): Promise<void> {
  await session.close().catch(() => undefined);
}
