import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, type MessageEvent, Param, Post, Query, Sse, UseGuards } from '@nestjs/common';
import type { Observable } from 'rxjs';
import {
  ROLLOUT_BROKER_MESSAGES,
  RolloutBatchRequestSchema,
  type EpisodeRecord,
  type ResponseOf,
  type Registry,
  type RolloutBrokerJobReport,
  rolloutBatchMessageId,
} from '@astra/contracts';
import { MessageBus } from '@astra/platform/bus';
import { BearerTokenGuard } from '@astra/platform/runtime';
import { BatchGroupsUseCase } from '../batches/batch-groups.use-case';
import { GetJobStatusUseCase } from '../jobs/get-job-status.use-case';
import { ListEpisodesUseCase } from '../stored-episodes/list-episodes.use-case';
import { batchEvents } from './batch-events';
import { httpError, parseOr400 } from './http-errors';

// jobId may be left out over HTTP: the broker names the batch.
const BatchBodySchema = RolloutBatchRequestSchema.partial({ jobId: true });
const GroupsQuerySchema = ROLLOUT_BROKER_MESSAGES['rollout-broker.batch.groups'].payload;
const ShowSchema = ROLLOUT_BROKER_MESSAGES['rollout-broker.episode.show'].payload;
const StatusSchema = ROLLOUT_BROKER_MESSAGES['rollout-broker.job.status'].payload;

/**
 * The rollout API for trainers outside NATS: request a batch (it runs as the same durable command), follow it (its
 * report, or its progress as server-sent events), and fetch its groups and episodes. Bodies and parameters are parsed
 * with the contracts' schemas.
 */
@Controller('v1/rollouts')
@UseGuards(BearerTokenGuard)
export class RolloutsController {
  constructor(
    private readonly bus: MessageBus,
    private readonly status: GetJobStatusUseCase,
    private readonly batchGroups: BatchGroupsUseCase,
    private readonly episodes: ListEpisodesUseCase,
  ) {}

  @Post('batches')
  @HttpCode(202)
  async requestBatch(@Body() body: unknown): Promise<{ jobId: string }> {
    const parsed = parseOr400(BatchBodySchema, body, 'batch request');
    const request = { ...parsed, jobId: parsed.jobId ?? randomUUID() };
    try {
      // The job id is the message id: the same request posted twice runs once.
      await this.bus.publish('rollout-broker.batch.requested', request, { id: rolloutBatchMessageId(request.jobId) });
    } catch (error) {
      throw httpError(error);
    }
    return { jobId: request.jobId };
  }

  @Get('batches/:jobId')
  async batch(@Param('jobId') jobId: string): Promise<RolloutBrokerJobReport> {
    const payload = parseOr400(StatusSchema, { jobId }, 'job id');
    return this.status.execute(payload.jobId).catch((error: unknown) => {
      throw httpError(error);
    });
  }

  /** Server-sent events: the batch's report each time it changes, then `done` with the final one (see batchEvents). */
  @Sse('batches/:jobId/events')
  events(@Param('jobId') jobId: string): Observable<MessageEvent> {
    const payload = parseOr400(StatusSchema, { jobId }, 'job id');
    return batchEvents(() => this.status.execute(payload.jobId));
  }

  @Get('batches/:jobId/groups')
  async groups(
    @Param('jobId') jobId: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<ResponseOf<Registry, 'rollout-broker.batch.groups'>> {
    const query = { jobId, ...(cursor ? { cursor } : {}), ...(limit ? { limit: Number(limit) } : {}) };
    const payload = parseOr400(GroupsQuerySchema, query, 'groups query');
    return this.batchGroups.execute(payload).catch((error: unknown) => {
      throw httpError(error);
    });
  }

  @Get('episodes/:id')
  async episode(@Param('id') id: string): Promise<{ episode: EpisodeRecord }> {
    const payload = parseOr400(ShowSchema, { id }, 'episode id');
    return this.episodes.show(payload.id).catch((error: unknown) => {
      throw httpError(error);
    });
  }
}
