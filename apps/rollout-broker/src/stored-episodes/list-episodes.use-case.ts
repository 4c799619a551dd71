import { Injectable } from '@nestjs/common';
import { BusError, type EpisodeRecord, type PayloadOf, type Registry, type ResponseOf } from '@astra/contracts';
import { RolloutEpisodeRepository } from '@astra/persistence/rollout-broker';
import { decodeCursor, encodeCursor, pageOf } from '@astra/platform/bus';
import { z } from 'zod';
import { toEpisodeSummary } from './episode-views';

const PositionSchema = z.object({ createdAt: z.string(), id: z.string() });

type Rpc<K extends keyof Registry> = Promise<ResponseOf<Registry, K>>;

/** Stored episodes: a newest-first listing, and one by id or unique prefix. */
@Injectable()
export class ListEpisodesUseCase {
  constructor(private readonly episodes: RolloutEpisodeRepository) {}

  async list(request: PayloadOf<Registry, 'rollout-broker.episode.list'>): Rpc<'rollout-broker.episode.list'> {
    const after = request.cursor ? decodeCursor(request.cursor, PositionSchema) : undefined;
    const { cursor: _cursor, limit, ...filter } = request;
    const rows = await this.episodes.list(filter, after, limit + 1);
    const page = pageOf(rows.map(toEpisodeSummary), limit, (row) => encodeCursor({ createdAt: row.createdAt, id: row.id }));
    return { episodes: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async show(id: string): Promise<{ episode: EpisodeRecord }> {
    const row = await this.episodes.findByPrefix(id);
    if (row === 'ambiguous') throw new BusError('VALIDATION_FAILED', `episode id prefix ${id} names several episodes: give more digits`);
    if (!row) throw new BusError('NOT_FOUND', `no episode ${id}`);
    return { episode: row.record };
  }
}
