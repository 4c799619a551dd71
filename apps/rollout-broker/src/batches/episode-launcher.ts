import { Inject, Injectable } from '@nestjs/common';
import type { EpisodeRecord, RolloutBatchRequest } from '@astra/contracts';
import { episodeId, episodeSeed } from '@astra/domain/rollouts';
import { EnvironmentSource } from '../environments/environment-source';
import type { EpisodeRunnerPort, Policy } from '../episodes/episode.types';
import { EPISODE_RUNNER } from './episode-ports';
import { EpisodeSlots } from './episode-slots';

/** One episode of a batch to run. */
export interface EpisodeSlot {
  readonly request: RolloutBatchRequest;
  readonly policy: Policy;
  readonly groupIndex: number;
  readonly sample: number;
  readonly environmentId: string;
}

/** Runs single episodes of batches within the service's episode slots: the environment, distractors and seed of each. */
@Injectable()
export class EpisodeLauncher {
  constructor(
    private readonly environments: EnvironmentSource,
    @Inject(EPISODE_RUNNER) private readonly runner: EpisodeRunnerPort,
    private readonly slots: EpisodeSlots,
  ) {}

  /** Episodes running now in this service, every batch together. */
  get inFlight(): number {
    return this.slots.inFlight;
  }

  /** Waits for a free slot; the slot is held until `run` of what it returns settles. */
  async reserve(): Promise<(slot: EpisodeSlot, signal?: AbortSignal) => Promise<EpisodeRecord>> {
    const release = await this.slots.acquire();
    return async (slot, signal) => {
      try {
        return await this.runOne(slot, signal);
      } finally {
        release();
      }
    };
  }

  private async runOne(slot: EpisodeSlot, signal?: AbortSignal): Promise<EpisodeRecord> {
    const { request, groupIndex, sample } = slot;
    const environment = await this.environments.record(slot.environmentId);
    const seed = episodeSeed(request.seed, groupIndex, sample);
    const distractors = await this.environments.distractors(environment, request.distractors, seed);
    const input = {
      jobId: request.jobId,
      groupIndex,
      sample,
      episodeId: episodeId(request.jobId, groupIndex, sample),
      seed,
      environment,
      distractors,
      policy: slot.policy,
      limits: request.limits,
      reward: request.reward,
    };
    return this.runner.run(input, signal);
  }
}
