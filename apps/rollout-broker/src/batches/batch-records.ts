import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EnvironmentSet, EpisodeRecord, GroupState } from '@astra/contracts';
import {
  type EpisodeHead,
  RolloutEpisodeRepository,
  type RolloutGroupEntity,
  RolloutGroupRepository,
} from '@astra/persistence/rollout-broker';

/** What a delivery of a batch finds stored: its own groups and episodes, and the groups handed to it so far. */
export interface StoredBatch {
  readonly groups: RolloutGroupEntity[];
  readonly episodes: EpisodeHead[];
  readonly handed: RolloutGroupEntity[];
}

/** A finished group to store. */
export interface FinishedGroup {
  readonly jobId: string;
  readonly groupIndex: number;
  readonly environmentId: string;
  readonly policyVersion: string;
  readonly environments: EnvironmentSet;
  readonly state: GroupState;
  readonly rewards: number[];
  readonly mean: number;
  readonly std: number;
  /** Its place among the batch's handed groups; undefined leaves a valid group in the buffer. */
  readonly handedOrder?: number;
}

/** The batch's storage: episodes stored as they end, groups as they finish, the surplus buffer. */
@Injectable()
export class BatchRecords {
  constructor(
    private readonly episodes: RolloutEpisodeRepository,
    private readonly groups: RolloutGroupRepository,
  ) {}

  async load(jobId: string): Promise<StoredBatch> {
    const [groups, episodes, handed] = await Promise.all([
      this.groups.ofJob(jobId),
      this.episodes.headsOf(jobId),
      this.groups.handedTo(jobId),
    ]);
    return { groups, episodes, handed };
  }

  saveEpisode(record: EpisodeRecord): Promise<void> {
    return this.episodes.save(record, new Date().toISOString());
  }

  async saveGroup(group: FinishedGroup): Promise<RolloutGroupEntity> {
    const handed = group.state === 'valid' && group.handedOrder !== undefined;
    const row: RolloutGroupEntity = {
      id: `${group.jobId}:${group.groupIndex}`,
      jobId: group.jobId,
      groupIndex: group.groupIndex,
      environmentId: group.environmentId,
      policyVersion: group.policyVersion,
      envSetKey: envSetKey(group.environments),
      state: group.state,
      rewards: group.rewards,
      mean: group.mean,
      std: group.std,
      handedTo: handed ? group.jobId : null,
      handedOrder: handed ? (group.handedOrder ?? null) : null,
      createdAt: new Date().toISOString(),
    };
    await this.groups.save(row);
    return row;
  }

  /** Takes buffered valid groups of the version on these environments for the batch (see RolloutGroupRepository.takeBuffered). */
  takeBuffered(jobId: string, policyVersion: string, environmentIds: ReadonlySet<string>, max: number, firstOrder: number) {
    return this.groups.takeBuffered({ jobId, policyVersion, environmentIds, max, firstOrder });
  }
}

/** A short digest of an environment set, stored with each group to say what it was drawn from. */
export function envSetKey(set: EnvironmentSet): string {
  const canonical = JSON.stringify([set.ids ?? null, set.jobId ?? null, set.split ?? null, set.limit ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}
