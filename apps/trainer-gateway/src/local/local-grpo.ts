import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { BusError, type CheckpointRecord, type StepMetrics, type TrainingJobRequest } from '@astra/contracts';
import { batchJobId, RolloutClient } from '../rollouts/rollout-client';
import type { RunContext, RunOutcome } from '../training/training-run.types';
import { AnyResultSchema, GrpoStepResultSchema, SaveResultSchema } from '../worker/worker-protocol';
import { LocalRunServices } from './local-run-services';
import { closeQuietly, defined } from './local-sft';
import { writeRlBatch } from './rl-batch-file';
import type { WorkerSession } from './worker-session';

type GrpoRequest = Extract<TrainingJobRequest, { kind: 'grpo' }>;

const num = (value: number | null | undefined) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The policy version after `step` updates of a job: what its batch of step + 1 is generated with. */
export const policyVersion = (jobId: string, step: number) => `${jobId}@${step}`;

/** Where one attempt of a GRPO run stands. */
interface GrpoAttempt {
  readonly session: WorkerSession;
  readonly url: string;
  parent: CheckpointRecord;
  hashes: string[];
  parameters: number;
}

/**
 * GRPO on the local worker: the policy is served from the worker; each step asks the rollout broker for a batch of
 * the current version, trains one update on its groups and moves the served version on. Checkpoints every
 * checkpointEvery steps and at the end; a dead worker or a redelivery resumes from the job's newest checkpoint (the
 * broker batch of a step keeps its id, so a redelivered step reuses it).
 */
@Injectable()
export class LocalGrpo {
  constructor(
    private readonly services: LocalRunServices,
    private readonly rollouts: RolloutClient,
  ) {}

  async run(request: GrpoRequest, ctx: RunContext): Promise<RunOutcome> {
    if (request.model.kind !== 'checkpoint') {
      throw new BusError(
        'VALIDATION_FAILED',
        'local GRPO starts from a checkpoint (model kind "checkpoint": an SFT job id or a checkpoint id)',
      );
    }
    const source = await this.services.checkpoints.resolve(request.model.checkpointId);
    return this.services.withRestarts(ctx.control, () => this.attempt(request, ctx, source));
  }

  private async attempt(request: GrpoRequest, ctx: RunContext, source: CheckpointRecord): Promise<RunOutcome> {
    const { services } = this;
    const resume = await services.checkpoints.newestOf(request.jobId);
    const from = resume ?? source;
    await ctx.control.check();
    const checkpoint = await services.checkpoints.fetch(from, ctx.dir);
    const { session, init } = await services.openWorker(ctx.control, request.seed, { checkpoint });
    try {
      const done = resume?.step ?? 0;
      const url = await services.servePolicy(session, request.jobId, policyVersion(request.jobId, done));
      const state: GrpoAttempt = { session, url, parent: from, hashes: [], parameters: init.parameters };
      for (let step = done + 1; step <= request.hyperparameters.steps; step++) {
        await ctx.control.check();
        await this.step(request, ctx, state, step);
      }
      await session.close();
      return { checkpointId: state.parent.id };
    } catch (error) {
      await closeQuietly(session);
      throw error;
    } finally {
      await services.records.update(request.jobId, { policyUrl: null });
    }
  }

  /** One RL step: a broker batch of the served version, one update, the new version served, maybe a checkpoint. */
  private async step(request: GrpoRequest, ctx: RunContext, state: GrpoAttempt, step: number): Promise<void> {
    const { rollouts: settings, ...hp } = request.hyperparameters;
    const batchId = batchJobId(request.jobId, `step-${step}`);
    const { sampling, ...batchSettings } = settings;
    const summary = await this.rollouts.run(
      {
        jobId: batchId,
        environments: request.environments,
        policy: {
          kind: 'endpoint',
          baseUrl: state.url,
          model: request.jobId,
          version: policyVersion(request.jobId, step - 1),
          params: sampling,
          logprobs: true,
        },
        ...batchSettings,
        seed: (request.seed + step) % 2 ** 31,
        useBuffer: false,
      },
      ctx.control,
    );
    const batch = await writeRlBatch(join(ctx.dir, 'batches', `step-${step}.jsonl`), await this.rollouts.groups(batchId));
    const version = policyVersion(request.jobId, step);
    const args = {
      batch: join(ctx.dir, 'batches', `step-${step}.jsonl`),
      learningRate: hp.learningRate,
      clipLow: hp.clipLow,
      clipHigh: hp.clipHigh,
      version,
    };
    // A batch that handed no scored episode (maxGroups ran out) has nothing to learn from: the weights stay.
    const result = batch.episodes > 0 ? await state.session.call('grpo_step', args, GrpoStepResultSchema) : { step };
    await state.session.call('set_version', { version }, AnyResultSchema);
    state.hashes.push(batch.hash);
    const metrics: StepMetrics = {
      step,
      at: new Date().toISOString(),
      ...defined({ loss: num(result.loss), tokensPerSecond: num(result.tokensPerSecond), clipFraction: num(result.clipFraction) }),
      rewardMean: summary.rewardMean,
      rewardStd: summary.rewardStd,
      validGroupRatio: summary.validRatio,
      callsPerEpisode: summary.callsPerEpisode,
    };
    await this.services.records.step(ctx.row, metrics);
    await ctx.job.progress(step, request.hyperparameters.steps);
    if (step % request.checkpointEvery === 0 || step === request.hyperparameters.steps) await this.checkpoint(request, ctx, state, step);
  }

  private async checkpoint(request: GrpoRequest, ctx: RunContext, state: GrpoAttempt, step: number): Promise<void> {
    const path = join(ctx.dir, 'checkpoints', `grpo-${step}.pt`);
    await state.session.call('save', { path }, SaveResultSchema);
    state.parent = await this.services.checkpoints.store({
      jobId: request.jobId,
      kind: 'grpo',
      step,
      path,
      parentId: state.parent.id,
      dataHashes: state.hashes,
      parameters: state.parameters,
    });
    state.hashes = [];
  }
}
