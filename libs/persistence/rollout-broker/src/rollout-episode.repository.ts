import type { EpisodeRecord, EpisodeStatus } from '@astra/contracts';
import type { DataSource } from 'typeorm';
import { RolloutEpisodeEntity } from './entities/rollout-episode.entity';

/** Filters of an episode listing. */
export interface EpisodeFilter {
  readonly jobId?: string;
  readonly environmentId?: string;
  readonly policyVersion?: string;
  readonly status?: EpisodeStatus;
}

/** Where a newest-first listing resumes: after this creation time and id. */
export interface EpisodePosition {
  readonly createdAt: string;
  readonly id: string;
}

/** The columns of an episode a resumed batch counts with. */
export type EpisodeHead = Pick<RolloutEpisodeEntity, 'id' | 'groupIndex' | 'sample' | 'environmentId' | 'status' | 'reward' | 'calls'>;

/** The row of a record: the listing columns beside the whole record. */
export function episodeRow(record: EpisodeRecord, now: string): RolloutEpisodeEntity {
  const row = new RolloutEpisodeEntity();
  Object.assign(row, {
    id: record.id,
    jobId: record.jobId,
    groupIndex: record.groupIndex,
    sample: record.sample,
    environmentId: record.environmentId,
    policyVersion: record.policy.version,
    status: record.status,
    stop: record.stop,
    reward: record.reward?.reward ?? null,
    turns: record.turns.length,
    calls: record.calls.length,
    wallMs: record.timings.wallMs,
    record,
    createdAt: now,
  });
  return row;
}

/** Storage of episodes: each stored once by id (a redelivered batch finds what it already ran). */
export class RolloutEpisodeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores an episode unless one with its id is stored already (then the stored one is kept). */
  async save(record: EpisodeRecord, now: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(RolloutEpisodeEntity)
      .values(episodeRow(record, now) as object)
      .orIgnore()
      .execute();
  }

  /** Every episode of a batch job, by group and sample. */
  async ofJob(jobId: string): Promise<RolloutEpisodeEntity[]> {
    return this.repo().find({ where: { jobId }, order: { groupIndex: 'ASC', sample: 'ASC' } });
  }

  /** What a batch needs to resume of each episode of a job (no records: they can be large), by group and sample. */
  async headsOf(jobId: string): Promise<EpisodeHead[]> {
    return this.repo().find({
      select: ['id', 'groupIndex', 'sample', 'environmentId', 'status', 'reward', 'calls'],
      where: { jobId },
      order: { groupIndex: 'ASC', sample: 'ASC' },
    });
  }

  /** The episodes of one group, by sample. */
  async ofGroup(jobId: string, groupIndex: number): Promise<RolloutEpisodeEntity[]> {
    return this.repo().find({ where: { jobId, groupIndex }, order: { sample: 'ASC' } });
  }

  /** Episodes by exact id, in id order. */
  async byIds(ids: readonly string[]): Promise<RolloutEpisodeEntity[]> {
    if (ids.length === 0) return [];
    return this.repo().createQueryBuilder('e').where('e.id IN (:...ids)', { ids }).orderBy('e.id', 'ASC').getMany();
  }

  /** A page of a job's episodes in id order after `afterId`. */
  async ofJobAfter(jobId: string, afterId: string | undefined, limit: number): Promise<RolloutEpisodeEntity[]> {
    const query = this.repo().createQueryBuilder('e').where('e.job_id = :jobId', { jobId });
    if (afterId !== undefined) query.andWhere('e.id > :afterId', { afterId });
    return query.orderBy('e.id', 'ASC').limit(limit).getMany();
  }

  /** One episode by id, or by a prefix that names exactly one; `ambiguous` when several match. */
  async findByPrefix(prefix: string): Promise<RolloutEpisodeEntity | 'ambiguous' | undefined> {
    const rows = await this.repo()
      .createQueryBuilder('e')
      .where('e.id LIKE :prefix', { prefix: `${prefix.replace(/[^0-9a-f]/g, '')}%` })
      .orderBy('e.id', 'ASC')
      .limit(2)
      .getMany();
    if (rows.length > 1) return 'ambiguous';
    return rows[0];
  }

  /** A page of episodes newest first after `after` (fetch limit + 1 to learn whether more follow). */
  async list(filter: EpisodeFilter, after: EpisodePosition | undefined, limit: number): Promise<RolloutEpisodeEntity[]> {
    const query = this.repo().createQueryBuilder('e').where('1 = 1');
    if (filter.jobId !== undefined) query.andWhere('e.job_id = :jobId', { jobId: filter.jobId });
    if (filter.environmentId !== undefined) query.andWhere('e.environment_id = :env', { env: filter.environmentId });
    if (filter.policyVersion !== undefined) query.andWhere('e.policy_version = :version', { version: filter.policyVersion });
    if (filter.status !== undefined) query.andWhere('e.status = :status', { status: filter.status });
    if (after) query.andWhere('(e.created_at < :at OR (e.created_at = :at AND e.id < :id))', { at: after.createdAt, id: after.id });
    return query.orderBy('e.created_at', 'DESC').addOrderBy('e.id', 'DESC').limit(limit).getMany();
  }

  /** Replaces a stored episode's record and reward column (a re-score that is stored). */
  async saveRescore(record: EpisodeRecord): Promise<void> {
    const row = await this.repo().findOneBy({ id: record.id });
    if (!row) return;
    row.record = record;
    row.reward = record.reward?.reward ?? null;
    await this.repo().save(row);
  }

  private repo() {
    return this.dataSource.getRepository(RolloutEpisodeEntity);
  }
}
