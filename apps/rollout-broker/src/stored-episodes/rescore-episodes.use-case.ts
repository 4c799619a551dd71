import { Inject, Injectable, Optional } from '@nestjs/common';
import { BusError, type EpisodeRecord, type EpisodeRescore, type PayloadOf, type Registry, type ResponseOf } from '@astra/contracts';
import { scoreTrajectory, type ScoredCall } from '@astra/domain/rollouts';
import { RolloutEpisodeRepository, type RolloutEpisodeEntity } from '@astra/persistence/rollout-broker';
import { decodeCursor, encodeCursor } from '@astra/platform/bus';
import { Traced } from '@astra/platform/telemetry';
import { z } from 'zod';
import { EnvironmentSource } from '../environments/environment-source';
import { EPISODE_REPLAY, type EpisodeReplayPort } from './episode-replay.port';

type RescoreRequest = PayloadOf<Registry, 'rollout-broker.episode.rescore'>;

const CursorSchema = z.object({ after: z.string() });

/** The calls of a stored episode as the reward sees them. */
export function scoredCalls(record: EpisodeRecord): ScoredCall[] {
  return record.calls.map((c) => ({ id: c.id, tool: c.tool, arguments: c.arguments, status: c.status, resultText: c.resultText }));
}

/** The policy's last answer: the content of its last turn. */
export function finalAnswerOf(record: EpisodeRecord): string {
  return record.turns[record.turns.length - 1]?.content ?? '';
}

/**
 * Re-scores stored episodes without the policy: the reward of the requested kind from the environment's record, over
 * the stored calls or (replay) over the same calls re-run in a fresh verifier session. Episodes that failed on
 * infrastructure have no reward to compare and are skipped.
 */
@Injectable()
export class RescoreEpisodesUseCase {
  constructor(
    private readonly episodes: RolloutEpisodeRepository,
    private readonly environments: EnvironmentSource,
    @Optional() @Inject(EPISODE_REPLAY) private readonly replayer: EpisodeReplayPort | null,
  ) {}

  @Traced()
  async execute(request: RescoreRequest): Promise<ResponseOf<Registry, 'rollout-broker.episode.rescore'>> {
    if (request.replay && !this.replayer) throw new BusError('VALIDATION_FAILED', 'replay is not available in this broker');
    const { rows, nextCursor } = await this.select(request);
    const rescored: EpisodeRescore[] = [];
    for (const row of rows) {
      if (row.record.status !== 'completed') continue;
      rescored.push(await this.rescore(row.record, request));
    }
    return { rescored, ...(nextCursor ? { nextCursor } : {}) };
  }

  private async rescore(record: EpisodeRecord, request: RescoreRequest): Promise<EpisodeRescore> {
    const environment = await this.environments.record(record.environmentId);
    let calls = scoredCalls(record);
    let mismatchedCalls: number | undefined;
    if (request.replay && this.replayer) {
      const replayed = await this.replayer.replay(record, environment);
      calls = replayed.calls;
      mismatchedCalls = replayed.mismatched;
    }
    const after = scoreTrajectory(environment, calls, finalAnswerOf(record), request.reward);
    if (request.store) await this.episodes.saveRescore({ ...record, reward: after });
    return {
      id: record.id,
      ...(record.reward ? { before: record.reward } : {}),
      after,
      ...(mismatchedCalls !== undefined ? { mismatchedCalls } : {}),
    };
  }

  /** A page of the selection: a batch's episodes in id order, or the ids named (each a unique prefix). */
  private async select(request: RescoreRequest): Promise<{ rows: RolloutEpisodeEntity[]; nextCursor?: string }> {
    const after = request.cursor ? decodeCursor(request.cursor, CursorSchema).after : undefined;
    const { jobId, ids } = request.selection;
    if (jobId !== undefined) {
      const rows = await this.episodes.ofJobAfter(jobId, after, request.limit + 1);
      const page = rows.slice(0, request.limit);
      const last = page[page.length - 1];
      return rows.length > page.length && last ? { rows: page, nextCursor: encodeCursor({ after: last.id }) } : { rows: page };
    }
    const rows: RolloutEpisodeEntity[] = [];
    for (const id of ids ?? []) {
      const row = await this.episodes.findByPrefix(id);
      if (row === 'ambiguous') throw new BusError('VALIDATION_FAILED', `episode id prefix ${id} names several episodes: give more digits`);
      if (!row) throw new BusError('NOT_FOUND', `no episode ${id}`);
      rows.push(row);
    }
    return { rows };
  }
}
