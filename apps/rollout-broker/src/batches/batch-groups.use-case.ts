import { Injectable } from '@nestjs/common';
import { BusError, type EpisodeRecord, type GroupSummary, type PayloadOf, type Registry, type ResponseOf } from '@astra/contracts';
import { RolloutEpisodeRepository, RolloutGroupRepository } from '@astra/persistence/rollout-broker';
import { decodeCursor, encodeCursor, REPLY_BUDGET_BYTES } from '@astra/platform/bus';
import { z } from 'zod';
import { RolloutBrokerJobs } from '../jobs/rollout-broker-jobs';
import { toGroupSummary } from '../stored-episodes/episode-views';

const OrderSchema = z.object({ order: z.number().int() });

/** A finished batch's groups, as a trainer takes them: in hand-over order, each with its whole episodes. */
@Injectable()
export class BatchGroupsUseCase {
  constructor(
    private readonly episodes: RolloutEpisodeRepository,
    private readonly groups: RolloutGroupRepository,
    private readonly jobs: RolloutBrokerJobs,
  ) {}

  /** The groups handed to a finished batch, in hand-over order, each with its whole episodes. */
  async execute(request: PayloadOf<Registry, 'rollout-broker.batch.groups'>): Promise<ResponseOf<Registry, 'rollout-broker.batch.groups'>> {
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
      const ids = episodes.map((e) => e.id);
      const item = { group: toGroupSummary(row, ids), episodes };
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
