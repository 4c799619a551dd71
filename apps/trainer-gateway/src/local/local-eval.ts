import { Injectable } from '@nestjs/common';
import { BusError, type TrainingJobRequest } from '@astra/contracts';
import { batchJobId, RolloutClient } from '../rollouts/rollout-client';
import type { RunContext, RunOutcome } from '../training/training-run.types';
import { evalResult } from './eval-result';
import { LocalRunServices } from './local-run-services';
import { closeQuietly } from './local-sft';

type EvalRequest = Extract<TrainingJobRequest, { kind: 'eval' }>;

/**
 * An evaluation on the local worker: the source checkpoint served greedily (by default), one broker batch that runs
 * every environment of the set `samples` times (keepAll: every scored group counts), and its figures. It starts
 * from a checkpoint only: a scratch model has no vocabulary without SFT data (evaluate an SFT job's checkpoint).
 */
@Injectable()
export class LocalEval {
  constructor(
    private readonly services: LocalRunServices,
    private readonly rollouts: RolloutClient,
  ) {}

  async run(request: EvalRequest, ctx: RunContext): Promise<RunOutcome> {
    if (request.model.kind !== 'checkpoint') {
      throw new BusError(
        'VALIDATION_FAILED',
        'a local evaluation runs a checkpoint (model kind "checkpoint": a training job id or a checkpoint id)',
      );
    }
    const source = await this.services.checkpoints.resolve(request.model.checkpointId);
    const ids = await this.rollouts.environmentIds(request.environments);
    return this.services.withRestarts(ctx.control, async () => {
      const checkpoint = await this.services.checkpoints.fetch(source, ctx.dir);
      const { session } = await this.services.openWorker(ctx.control, request.seed, { checkpoint });
      try {
        const url = await this.services.servePolicy(session, request.jobId, source.version);
        const rolloutJobId = batchJobId(request.jobId, 'eval');
        const { settings } = request;
        const summary = await this.rollouts.run(
          {
            jobId: rolloutJobId,
            environments: { ids },
            policy: {
              kind: 'endpoint',
              baseUrl: url,
              model: request.jobId,
              version: source.version,
              params: settings.sampling,
              logprobs: false,
            },
            groupSize: settings.samples,
            batchSize: ids.length,
            maxGroups: ids.length,
            keepAll: true,
            useBuffer: false,
            limits: settings.limits,
            distractors: settings.distractors,
            seed: request.seed,
          },
          ctx.control,
        );
        const result = evalResult(source.id, rolloutJobId, summary, await this.rollouts.groups(rolloutJobId));
        const { rewardMean, rewardStd, callsPerEpisode } = result;
        await this.services.records.step(ctx.row, { step: 1, at: new Date().toISOString(), rewardMean, rewardStd, callsPerEpisode });
        await this.services.records.update(request.jobId, { evalResult: result, policyUrl: null });
        await ctx.job.progress(1, 1);
        await session.close();
        return { eval: result };
      } catch (error) {
        await closeQuietly(session);
        throw error;
      }
    });
  }
}
