import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import {
  BusError,
  type EnvironmentSet,
  type EpisodeRecord,
  type GroupSummary,
  ID_MAX_LENGTH,
  type RolloutBatchRequestInput,
  type RolloutBatchSummary,
  rolloutBatchMessageId,
} from '@astra/contracts';
import { MessageBus } from '@astra/platform/bus';
import type { RunControl } from '../training/run-control';
import { TRAINER_GATEWAY_CONFIG, type TrainerGatewayConfig } from '../trainer-gateway.config';

/** A finished batch's handed groups with their episodes. */
export type BatchGroups = Array<{ group: GroupSummary; episodes: EpisodeRecord[] }>;

/** The broker job id of a training job's batch `label` (a step, "eval"): the same on every delivery, within the id limit. */
export function batchJobId(jobId: string, label: string): string {
  const plain = `${jobId}.rollouts.${label}`;
  if (plain.length <= ID_MAX_LENGTH) return plain;
  const hash = createHash('sha256').update(plain).digest('hex').slice(0, 24);
  return `${jobId.slice(0, ID_MAX_LENGTH - hash.length - label.length - 2)}.${hash}.${label}`;
}

/** Rollout batches through the rollout broker, and environment sets through env-compiler. */
@Injectable()
export class RolloutClient {
  constructor(
    private readonly bus: MessageBus,
    @Inject(TRAINER_GATEWAY_CONFIG) private readonly config: TrainerGatewayConfig,
  ) {}

  /**
   * Publishes the batch (its message id from its job id, so a redelivery that publishes it again is dropped) and
   * waits for it to finish, polling its status with backoff; the run's stop ends the wait.
   */
  async run(request: RolloutBatchRequestInput, control: RunControl): Promise<RolloutBatchSummary> {
    await this.bus.publish('rollout-broker.batch.requested', request, { id: rolloutBatchMessageId(request.jobId) });
    const deadline = Date.now() + this.config.TRAINER_ROLLOUT_TIMEOUT_MS;
    let wait = 100;
    for (;;) {
      await control.check();
      const report = await this.bus.request('rollout-broker.job.status', { jobId: request.jobId });
      if (report.status === 'completed' && report.batch) return report.batch;
      if (report.status === 'failed') {
        const reason = report.error ? `${report.error.code}: ${report.error.message}` : 'no reason given';
        throw new BusError('VALIDATION_FAILED', `rollout batch ${request.jobId} failed (${reason})`);
      }
      if (Date.now() > deadline) {
        throw new BusError('TIMEOUT', `rollout batch ${request.jobId} did not finish within ${this.config.TRAINER_ROLLOUT_TIMEOUT_MS} ms`);
      }
      await delay(wait);
      wait = Math.min(wait * 2, 2000);
    }
  }

  /** Every group handed to a finished batch, in hand-over order. */
  async groups(jobId: string): Promise<BatchGroups> {
    const groups: BatchGroups = [];
    let cursor: string | undefined;
    do {
      const page = await this.bus.request('rollout-broker.batch.groups', { jobId, limit: 16, ...(cursor ? { cursor } : {}) });
      groups.push(...page.groups);
      cursor = page.nextCursor;
    } while (cursor);
    return groups;
  }

  /** The ids of an environment set: its own ids, or its env-compiler job's environments (and split), up to its limit. */
  async environmentIds(set: EnvironmentSet): Promise<string[]> {
    const limit = set.limit ?? Number.MAX_SAFE_INTEGER;
    if (set.ids) return set.ids.slice(0, limit);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.bus.request('env-compiler.environment.list', {
        ...(set.jobId ? { jobId: set.jobId } : {}),
        ...(set.split ? { split: set.split } : {}),
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...page.environments.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor && ids.length < limit);
    if (ids.length === 0) throw new BusError('VALIDATION_FAILED', `environment set ${JSON.stringify(set)} holds no environments`);
    return ids.slice(0, limit);
  }
}
