import { Injectable } from '@nestjs/common';
import { BusError, type EpisodeRecord, type GroupSummary, type PayloadOf, type Registry, type ResponseOf } from '@astra/contracts';
import { RolloutEpisodeRepository, RolloutGroupRepository } from '@astra/persistence/rollout-broker';
import { decodeCursor, encodeCursor, pageOf, REPLY_BUDGET_BYTES } from '@astra/platform/bus';
import { z } from 'zod';
import { RolloutBrokerJobs } from '../jobs/rollout-broker-jobs';
import { toEpisodeSummary, toGroupSummary } from './episode-views';

const PositionSchema = z.object({ createdAt: z.string(), id: z.string() });
const OrderSchema = z.object({ order: z.number().int() });

type Rpc<K extends keyof Registry> = Promise<ResponseOf<Registry, K>>;

/** Stored episodes: a newest-first listing, one by id or unique prefix, and a finished batch's groups with their episodes. */
@Injectable()
export class ListEpisodesUseCase {
  constructor(
    private readonly episodes: RolloutEpisodeRepository,
    private readonly groups: RolloutGroupRepository,
    private readonly jobs: RolloutBrokerJobs,
  ) {}

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

  /** The groups handed to a finished batch, in hand-over order, each with its whole episodes. */
  async groupsOf(request: PayloadOf<Registry, 'rollout-broker.batch.groups'>): Rpc<'rollout-broker.batch.groups'> {
    const report = await this.jobs.status(request.jobId);
    if (report.status === 'pending') throw new BusError('NOT_FOUND', `no batch ${request.jobId}`);
    if (report.status !== 'completed')
      throw new BusError('CONFLICT', `batch ${request.jobId} is ${report.status}: its groups are final once it completes`);
    const after = request.cursor ? decodeCursor(request.cursor, OrderSchema).order : undefined;
    const rows = await this.groups.handedPage(request.jobId, after, request.limit + 1);
    // Episodes are loaded group by group until the reply budget is spent (a page holds at least one group).
    const groups: Array<{ group: GroupSummary; episodes: EpisodeRecord[] }> = [];
    let bytes = 0;
    for (const row of rows.slice(0, request.limit)) {
      const episodes = (await this.episodes.ofGroup(row.jobId, row.groupIndex)).map((e) => e.record);
      const item = {
        group: toGroupSummary(
          row,
          episodes.map((e) => e.id),
        ),
        episodes,
      };
      const size = Buffer.byteLength(JSON.stringify(item));
      if (groups.length > 0 && bytes + size > REPLY_BUDGET_BYTES) break;
      groups.push(item);
      bytes += size;
    }
    const last = rows[groups.length - 1];
    const more = groups.length < rows.length && last !== undefined;
    return { groups, ...(more ? { nextCursor: encodeCursor({ order: last.handedOrder ?? 0 }) } : {}) };
  }
}
