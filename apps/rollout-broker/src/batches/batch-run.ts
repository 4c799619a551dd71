import { Logger } from '@nestjs/common';
import { BusError, type EpisodeRecord, type RolloutBatchRequest, type RolloutBatchSummary } from '@astra/contracts';
import { groupEnvironment } from '@astra/domain/rollouts';
import type { MessageBus } from '@astra/platform/bus';
import type { JobContext } from '@astra/platform/jobs';
import type { Policy } from '../episodes/episode.types';
import type { BatchRecords, StoredBatch } from './batch-records';
import { BatchTally, type EpisodeTally, groupOutcome } from './batch-tally';
import type { EpisodeLauncher } from './episode-launcher';

/** What a batch run uses besides its request. */
export interface BatchRunDeps {
  readonly records: BatchRecords;
  readonly launcher: EpisodeLauncher;
  readonly bus: MessageBus;
  readonly maxInfraStreak: number;
}

/** A group being run: the episodes that have ended, by sample. */
interface OpenGroup {
  readonly index: number;
  readonly environmentId: string;
  readonly ended: Map<number, EpisodeTally>;
}

/**
 * One delivery of a batch job: carries buffered groups in, then runs groups k = 0, 1, ... (resuming stored ones
 * without re-running an episode) until batchSize valid groups are handed over or maxGroups were generated. Episodes
 * run within the service's slots; each is stored when it ends and only its reward is kept here.
 */
export class BatchRun {
  private static readonly log = new Logger('RolloutBatch');
  private readonly tally: BatchTally;
  private readonly running = new Set<Promise<void>>();
  private readonly maxGroups: number;
  private failure: { error: unknown } | undefined;
  private streak = 0;
  private launched = 0;
  private nextIndex = 0;
  /** Groups launched and not yet finished. */
  private openGroups = 0;
  /** Wakes the launch loop when a group finishes or an episode fails. */
  private wake: (() => void) | undefined;

  constructor(
    private readonly deps: BatchRunDeps,
    private readonly request: RolloutBatchRequest,
    private readonly policy: Policy,
    private readonly environmentIds: readonly string[],
    private readonly job: JobContext,
  ) {
    this.tally = new BatchTally(request.jobId, policy.spec.version, request.groupSize, request.batchSize);
    this.maxGroups = request.maxGroups ?? 8 * request.batchSize;
  }

  async execute(): Promise<RolloutBatchSummary> {
    const stored = await this.deps.records.load(this.request.jobId);
    const unfinished = this.restore(stored);
    if (this.request.useBuffer && !this.tally.full) await this.carryIn();
    await this.job.progress(this.tally.valid, this.request.batchSize);
    try {
      for (const group of unfinished) {
        if (this.stopLaunching()) break;
        await this.launch(group);
      }
      while (!this.stopLaunching()) {
        if (!this.wanted()) {
          await this.groupFinished();
          continue;
        }
        const index = this.nextIndex++;
        const environmentId = groupEnvironment(this.environmentIds, this.request.seed, index);
        await this.launch({ index, environmentId, ended: new Map() });
      }
    } finally {
      await this.drain();
    }
    if (this.failure) throw this.failure.error;
    return this.tally.summary();
  }

  /** Counts what earlier deliveries stored; returns the groups they left unfinished. */
  private restore(stored: StoredBatch): OpenGroup[] {
    this.tally.handed.push(...stored.handed);
    for (const group of stored.groups) this.tally.addGroup(group.state);
    const finished = new Set(stored.groups.map((g) => g.groupIndex));
    const open = new Map<number, OpenGroup>();
    for (const episode of stored.episodes) {
      this.tally.addEpisode(episode);
      if (finished.has(episode.groupIndex)) continue;
      const group = open.get(episode.groupIndex) ?? { index: episode.groupIndex, environmentId: episode.environmentId, ended: new Map() };
      group.ended.set(episode.sample, episode);
      open.set(group.index, group);
    }
    const indexes = [...finished, ...open.keys()];
    this.nextIndex = indexes.length === 0 ? 0 : Math.max(...indexes) + 1;
    this.launched = finished.size;
    return [...open.values()].sort((a, b) => a.index - b.index);
  }

  private async carryIn(): Promise<void> {
    const { jobId, batchSize } = this.request;
    const envs = new Set(this.environmentIds);
    const missing = batchSize - this.tally.valid;
    const taken = await this.deps.records.takeBuffered(jobId, this.policy.spec.version, envs, missing, this.tally.valid);
    this.tally.handed.push(...taken);
  }

  private stopLaunching(): boolean {
    return this.failure !== undefined || this.tally.full || this.launched >= this.maxGroups;
  }

  /**
   * Whether one more group is needed: the valid groups so far plus those in flight, discounted by the share of
   * groups that came out valid (smoothed, so it starts at 1), fall short of batchSize. Launching on demand keeps a
   * small batch from filling every slot with groups it will not use; a large one still fills them all.
   */
  private wanted(): boolean {
    const finished = this.tally.validGenerated + this.tally.dropped + this.tally.infrastructure;
    const validShare = (this.tally.validGenerated + 1) / (finished + 1);
    return this.tally.valid + this.openGroups * validShare < this.request.batchSize;
  }

  private groupFinished(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Starts the group's missing episodes, each once a slot is free. */
  private async launch(group: OpenGroup): Promise<void> {
    this.launched++;
    this.openGroups++;
    if (group.ended.size >= this.request.groupSize) return this.finishGroup(group);
    for (let sample = 0; sample < this.request.groupSize; sample++) {
      if (group.ended.has(sample)) continue;
      await this.job.checkpoint();
      if (this.failure) return;
      const run = await this.deps.launcher.reserve();
      const slot = { request: this.request, policy: this.policy, groupIndex: group.index, sample, environmentId: group.environmentId };
      this.track(run(slot).then((record) => this.episodeEnded(group, sample, record)));
    }
  }

  private track(task: Promise<void>): void {
    const tracked = task.catch((error: unknown) => {
      this.failure ??= { error };
      this.wakeUp();
    });
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  private async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async episodeEnded(group: OpenGroup, sample: number, record: EpisodeRecord): Promise<void> {
    await this.deps.records.saveEpisode(record);
    const ended: EpisodeTally = { status: record.status, reward: record.reward?.reward ?? null, calls: record.calls.length };
    this.tally.addEpisode(ended);
    this.countStreak(record);
    group.ended.set(sample, ended);
    if (group.ended.size === this.request.groupSize) await this.finishGroup(group);
  }

  /** Too many infrastructure failures in a row: the verifier or the policy is down; stop and retry the batch later. */
  private countStreak(record: EpisodeRecord): void {
    if (record.status !== 'failed-infrastructure') {
      this.streak = 0;
      return;
    }
    this.streak++;
    if (this.streak < this.deps.maxInfraStreak || this.failure) return;
    const last = record.error ? ` (last: ${record.error.code}: ${record.error.message})` : '';
    const message = `${this.streak} episodes in a row failed on infrastructure${last}; the batch resumes when redelivered`;
    this.failure = { error: new BusError('UNAVAILABLE', message, { retryable: true }) };
    this.wakeUp();
  }

  private async finishGroup(group: OpenGroup): Promise<void> {
    // Rewards in sample order, whatever order the episodes ended in.
    const ended = [...group.ended.entries()].sort(([a], [b]) => a - b).map(([, episode]) => episode);
    const outcome = groupOutcome(ended, this.request.keepAll ? -1 : this.request.minRewardStd);
    const id = `${this.request.jobId}:${group.index}`;
    const handedOrder = outcome.state === 'valid' && !this.tally.full ? this.tally.valid : undefined;
    // Counted before the write, so that groups finishing meanwhile get the next places.
    if (handedOrder !== undefined)
      this.tally.handed.push({ id, jobId: this.request.jobId, environmentId: group.environmentId, ...outcome });
    await this.deps.records.saveGroup({
      jobId: this.request.jobId,
      groupIndex: group.index,
      environmentId: group.environmentId,
      policyVersion: this.policy.spec.version,
      environments: this.request.environments,
      ...outcome,
      ...(handedOrder !== undefined ? { handedOrder } : {}),
    });
    this.tally.addGroup(outcome.state);
    this.openGroups--;
    this.wakeUp();
    const progress = this.tally.progress(this.deps.launcher.inFlight, new Date().toISOString());
    // Best effort: the event carries running totals, so the next one makes up for a lost one, and the job's own
    // progress (below) is what the status RPC reads; a bus fault here must not fail the delivery.
    await this.deps.bus.publish('rollout-broker.batch.progress', progress, { id }).catch((error: unknown) => {
      BatchRun.log.warn(`progress event of ${id} not sent: ${BusError.from(error).code}`);
    });
    await this.job.progress(this.tally.valid, this.request.batchSize);
  }
}
