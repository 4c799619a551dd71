import { z } from 'zod';
import { JobIdSchema, jobReportFields } from '../jobs/job-report.contract';
import { defineCommand, defineEvent, defineRpc } from '../registry/message-definition';
import { STREAMS } from '../registry/streams';
import {
  EpisodeRecordSchema,
  EpisodeRescoreSchema,
  EpisodeStatusSchema,
  EpisodeSummarySchema,
  GroupSummarySchema,
  RewardKindSchema,
  RolloutBatchRequestSchema,
  RolloutBatchSummarySchema,
} from '../rollouts/episode.contract';
import { IdRefSchema, NextCursorSchema, pageRequest } from './paging';

/** The kinds of rollout-broker's durable jobs (one entry of RolloutBrokerJobResults in apps/rollout-broker/src/jobs/rollout-broker-jobs.ts each). */
export const RolloutBrokerJobKindSchema = z.enum(['rollout-batch']);
export type RolloutBrokerJobKind = z.infer<typeof RolloutBrokerJobKindSchema>;

/** Progress and outcome of one rollout-broker job; `kind` is absent while no delivery has picked the job up. */
export const RolloutBrokerJobReportSchema = z.object({
  ...jobReportFields,
  kind: RolloutBrokerJobKindSchema.optional(),
  /** rollout-batch: the groups handed over and how many were generated, dropped and carried. */
  batch: RolloutBatchSummarySchema.optional(),
});
export type RolloutBrokerJobReport = z.infer<typeof RolloutBrokerJobReportSchema>;

/** A batch's progress as it is streamed: valid groups so far out of batchSize, and what it took. */
export const RolloutBatchProgressSchema = z.object({
  jobId: z.string(),
  policyVersion: z.string(),
  valid: z.number().int(),
  batchSize: z.number().int(),
  generated: z.number().int(),
  dropped: z.number().int(),
  infrastructure: z.number().int(),
  carriedIn: z.number().int(),
  episodes: z.number().int(),
  /** Episodes running when the event was sent. */
  inFlight: z.number().int(),
  rewardMean: z.number(),
  at: z.string(),
});
export type RolloutBatchProgress = z.infer<typeof RolloutBatchProgressSchema>;

const EpisodeIdRefSchema = z
  .string()
  .min(6)
  .max(32)
  .regex(/^[0-9a-f]+$/, 'an episode id is hex (a prefix of 6 or more digits works)');

/** Which stored episodes a re-score covers: one batch, or ids. */
const RescoreSelectionSchema = z
  .object({ jobId: IdRefSchema.optional(), ids: z.array(EpisodeIdRefSchema).min(1).max(1000).optional() })
  .refine((s) => (s.jobId === undefined) !== (s.ids === undefined), { message: 'name either a batch jobId or episode ids' });

export const ROLLOUT_BROKER_MESSAGES = {
  'rollout-broker.batch.requested': defineCommand({
    key: 'rollout-broker.batch.requested',
    subject: 'astra.command.rollout-broker.batch.requested.v1',
    stream: STREAMS.rolloutBroker.name,
    // rollout-broker publishes it for its HTTP API's clients.
    producers: ['cli', 'trainer-gateway', 'rollout-broker'],
    consumers: ['rollout-broker'],
    description:
      'Run G-episode groups for one policy version until batchSize groups with reward spread exist; resumable per jobId (no episode runs twice).',
    payload: RolloutBatchRequestSchema,
  }),
  'rollout-broker.batch.progress': defineEvent({
    key: 'rollout-broker.batch.progress',
    subject: 'astra.event.rollout-broker.batch.progress.v1',
    stream: STREAMS.rolloutBroker.name,
    producers: ['rollout-broker'],
    // No service consumes it yet (trainer-gateway will, and lists itself then): a consumer must have its handler.
    consumers: [],
    description: 'A batch finished a group: valid groups so far, generated, dropped, carried, episodes in flight.',
    payload: RolloutBatchProgressSchema,
  }),
  'rollout-broker.job.status': defineRpc({
    key: 'rollout-broker.job.status',
    subject: 'astra.rpc.rollout-broker.job.status.v1',
    producers: ['cli', 'trainer-gateway'],
    consumers: ['rollout-broker'],
    description: 'Progress and report of one rollout-broker job of any kind.',
    payload: z.object({ jobId: JobIdSchema }),
    response: RolloutBrokerJobReportSchema,
  }),
  'rollout-broker.batch.groups': defineRpc({
    key: 'rollout-broker.batch.groups',
    subject: 'astra.rpc.rollout-broker.batch.groups.v1',
    producers: ['cli', 'trainer-gateway'],
    consumers: ['rollout-broker'],
    description: "A finished batch's groups with their whole episodes (messages, tokens, log-probabilities, rewards), in order; paged.",
    payload: z.object({ jobId: JobIdSchema, ...pageRequest(8, 64) }),
    response: z.object({
      groups: z.array(z.object({ group: GroupSummarySchema, episodes: z.array(EpisodeRecordSchema) })),
      nextCursor: NextCursorSchema,
    }),
  }),
  'rollout-broker.episode.list': defineRpc({
    key: 'rollout-broker.episode.list',
    subject: 'astra.rpc.rollout-broker.episode.list.v1',
    producers: ['cli', 'trainer-gateway'],
    consumers: ['rollout-broker'],
    description: 'Stored episodes, newest first, filtered by batch, environment, policy version or status; paged.',
    payload: z.object({
      jobId: IdRefSchema.optional(),
      environmentId: z.string().max(64).optional(),
      policyVersion: z.string().max(200).optional(),
      status: EpisodeStatusSchema.optional(),
      ...pageRequest(50, 1000),
    }),
    response: z.object({ episodes: z.array(EpisodeSummarySchema), nextCursor: NextCursorSchema }),
  }),
  'rollout-broker.episode.show': defineRpc({
    key: 'rollout-broker.episode.show',
    subject: 'astra.rpc.rollout-broker.episode.show.v1',
    producers: ['cli', 'trainer-gateway'],
    consumers: ['rollout-broker'],
    description: 'One stored episode by id or unique id prefix: messages, calls, tokens, timings, reward breakdown.',
    payload: z.object({ id: EpisodeIdRefSchema }),
    response: z.object({ episode: EpisodeRecordSchema }),
  }),
  'rollout-broker.episode.rescore': defineRpc({
    key: 'rollout-broker.episode.rescore',
    subject: 'astra.rpc.rollout-broker.episode.rescore.v1',
    producers: ['cli', 'trainer-gateway'],
    consumers: ['rollout-broker'],
    description:
      'Re-score stored episodes without the policy (another reward kind, or after a rule change); with replay, re-run their calls in fresh sessions first.',
    payload: z.object({
      selection: RescoreSelectionSchema,
      reward: RewardKindSchema.default('f1'),
      replay: z.boolean().default(false),
      /** Store the new reward in place of the old one. */
      store: z.boolean().default(false),
      ...pageRequest(100, 1000),
    }),
    response: z.object({ rescored: z.array(EpisodeRescoreSchema), nextCursor: NextCursorSchema }),
    timeoutMs: 120_000,
  }),
} as const;

/** The message id of a batch's command, the same from every producer, so JetStream drops a repeat within its window. */
export function rolloutBatchMessageId(jobId: string): string {
  return `rollout-batch-${jobId}`;
}
