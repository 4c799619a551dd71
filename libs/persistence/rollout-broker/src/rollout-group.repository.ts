import type { DataSource } from 'typeorm';
import { RolloutGroupEntity } from './entities/rollout-group.entity';

/** Which buffered groups a batch may take: valid, of its policy version, on one of its environments. */
export interface BufferQuery {
  readonly policyVersion: string;
  readonly environmentIds: ReadonlySet<string>;
  /** The batch taking them (its own groups are never carried into itself). */
  readonly jobId: string;
  readonly max: number;
  /** handed_order of the first group taken (the groups the batch holds already come before). */
  readonly firstOrder: number;
}

// IN lists stay well under SQLite's and PostgreSQL's bound-parameter limits.
const IN_CHUNK = 500;

/** Storage of finished groups and the surplus buffer between batches. */
export class RolloutGroupRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a finished group unless it is stored already (a redelivery keeps the first). */
  async save(group: RolloutGroupEntity): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(RolloutGroupEntity)
      .values(group as object)
      .orIgnore()
      .execute();
  }

  /** The groups a batch job generated, by group index. */
  async ofJob(jobId: string): Promise<RolloutGroupEntity[]> {
    return this.repo().find({ where: { jobId }, order: { groupIndex: 'ASC' } });
  }

  /** The groups handed to a batch (its own and carried ones), in hand-over order. */
  async handedTo(jobId: string): Promise<RolloutGroupEntity[]> {
    return this.repo().find({ where: { handedTo: jobId }, order: { handedOrder: 'ASC' } });
  }

  /** A page of the groups handed to a batch after hand-over position `afterOrder`. */
  async handedPage(jobId: string, afterOrder: number | undefined, limit: number): Promise<RolloutGroupEntity[]> {
    const query = this.repo().createQueryBuilder('g').where('g.handed_to = :jobId', { jobId });
    if (afterOrder !== undefined) query.andWhere('g.handed_order > :after', { after: afterOrder });
    return query.orderBy('g.handed_order', 'ASC').limit(limit).getMany();
  }

  /**
   * Takes up to `max` buffered groups for a batch, oldest first. Each is claimed by a conditional UPDATE (only while
   * handed_to is still null), so two broker instances never take the same group: one that another took meanwhile is
   * skipped. Returns the groups taken, in the order given to them.
   */
  async takeBuffered(query: BufferQuery): Promise<RolloutGroupEntity[]> {
    const taken: RolloutGroupEntity[] = [];
    if (query.max <= 0) return taken;
    for (const candidate of await this.buffered(query)) {
      if (taken.length >= query.max) break;
      const order = query.firstOrder + taken.length;
      const result = await this.repo()
        .createQueryBuilder()
        .update(RolloutGroupEntity)
        .set({ handedTo: query.jobId, handedOrder: order })
        .where('id = :id AND handed_to IS NULL', { id: candidate.id })
        .execute();
      if (result.affected === 1) taken.push({ ...candidate, handedTo: query.jobId, handedOrder: order });
    }
    return taken;
  }

  private async buffered(query: BufferQuery): Promise<RolloutGroupEntity[]> {
    const ids = [...query.environmentIds];
    const found: RolloutGroupEntity[] = [];
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const rows = await this.repo()
        .createQueryBuilder('g')
        .where("g.state = 'valid' AND g.handed_to IS NULL AND g.policy_version = :version", { version: query.policyVersion })
        .andWhere('g.job_id <> :jobId', { jobId: query.jobId })
        .andWhere('g.environment_id IN (:...envs)', { envs: ids.slice(i, i + IN_CHUNK) })
        .orderBy('g.created_at', 'ASC')
        .addOrderBy('g.id', 'ASC')
        .limit(query.max * 2)
        .getMany();
      found.push(...rows);
    }
    return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  private repo() {
    return this.dataSource.getRepository(RolloutGroupEntity);
  }
}
