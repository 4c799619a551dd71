import { Inject, Injectable } from '@nestjs/common';
import { type EnvironmentRecord, EpisodeLimitsSchema, type EpisodeRecord } from '@astra/contracts';
import { observeResult, type ScoredCall } from '@astra/domain/rollouts';
import { EnvironmentSource } from '../environments/environment-source';
import { EPISODE_SANDBOX, type EpisodeSandboxPort } from '../episodes/episode-sandbox';
import type { EpisodeReplayPort } from './episode-replay.port';

/** A record does not keep its batch's limits: a replayed call gets the default time limit. */
const REPLAY_TIME_MS = EpisodeLimitsSchema.parse({}).toolTimeMs;

/**
 * Replays an episode's calls, in the order they were recorded, in a fresh verifier session with the tools it was
 * offered. Calls that never reached the sandbox (an unknown tool, arguments that did not parse) keep their result.
 */
@Injectable()
export class SandboxEpisodeReplay implements EpisodeReplayPort {
  constructor(
    @Inject(EPISODE_SANDBOX) private readonly sandbox: EpisodeSandboxPort,
    private readonly environments: EnvironmentSource,
  ) {}

  async replay(episode: EpisodeRecord, environment: EnvironmentRecord): Promise<{ calls: ScoredCall[]; mismatched: number }> {
    const distractors = await this.environments.offeredDistractors(episode.distractors);
    const session = this.sandbox.open(environment, distractors);
    const calls: ScoredCall[] = [];
    let mismatched = 0;
    try {
      for (const call of episode.calls) {
        const stored = { id: call.id, tool: call.tool, arguments: call.arguments, status: call.status, resultText: call.resultText };
        if (call.skipped || call.arguments === null || call.status === 'unknown-tool' || call.status === 'invalid-arguments') {
          calls.push(stored);
          continue;
        }
        const fresh = observeResult(await session.call(call.tool, call.arguments, REPLAY_TIME_MS));
        if (fresh.status !== call.status || fresh.resultText !== call.resultText) mismatched++;
        calls.push({ ...stored, status: fresh.status, resultText: fresh.resultText });
      }
    } finally {
      await session.close();
    }
    return { calls, mismatched };
  }
}
