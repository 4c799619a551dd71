import type { ExecutorKind, TrajectoryRecord } from '@astra/contracts';
import { runInTransaction } from '@astra/platform/database';
import type { DataSource } from 'typeorm';
import { TrajectoryEntity } from './entities/trajectory.entity';
import { TrajectoryJudgingEntity } from './entities/trajectory-judging.entity';
import type { RecordPosition } from './task.repository';

/** Filters of a trajectory listing. */
export interface TrajectoryFilter {
  readonly jobId?: string;
  readonly verdict?: TrajectoryRecord['verdict'];
  readonly executor?: ExecutorKind;
}

/** The listing columns of a trajectory (no record: records can be large). */
export type TrajectoryHead = Pick<
  TrajectoryEntity,
  'id' | 'jobId' | 'taskId' | 'executor' | 'agent' | 'verdict' | 'stop' | 'mean' | 'calls' | 'createdAt'
>;

const HEAD_COLUMNS: Array<keyof TrajectoryHead> = [
  'id',
  'jobId',
  'taskId',
  'executor',
  'agent',
  'verdict',
  'stop',
  'mean',
  'calls',
  'createdAt',
];

/** The row of a record: the listing columns beside the whole record. */
export function trajectoryRow(record: TrajectoryRecord, now: string): TrajectoryEntity {
  const row = new TrajectoryEntity();
  Object.assign(row, {
    id: record.id,
    jobId: record.jobId,
    taskId: record.taskId,
    executor: record.executor,
    agent: record.agent.kind,
    verdict: record.verdict,
    stop: record.stop,
    mean: record.judgement?.mean ?? null,
    calls: record.calls.length,
    record,
    createdAt: now,
  });
  return row;
}

/** Storage of trajectories: each stored once by id (a redelivered job finds what it already made). */
export class TrajectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a trajectory unless one with its id is stored already (then the stored one is kept). */
  async save(record: TrajectoryRecord, now: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(TrajectoryEntity)
      .values(trajectoryRow(record, now) as object)
      .orIgnore()
      .execute();
  }

  /** The listing columns of every trajectory of a job, in id order. */
  async headsOf(jobId: string): Promise<TrajectoryHead[]> {
    return this.repo().find({ select: HEAD_COLUMNS, where: { jobId }, order: { id: 'ASC' } });
  }

  /** A page of a job's trajectories oldest first after `after` (accepted ones only, when asked). */
  async ofJob(jobId: string, after: RecordPosition | undefined, limit: number, acceptedOnly = false): Promise<TrajectoryEntity[]> {
    const query = this.repo().createQueryBuilder('t').where('t.job_id = :jobId', { jobId });
    if (acceptedOnly) query.andWhere("t.verdict = 'accepted'");
    if (after) query.andWhere('(t.created_at > :at OR (t.created_at = :at AND t.id > :id))', { at: after.createdAt, id: after.id });
    return query.orderBy('t.created_at', 'ASC').addOrderBy('t.id', 'ASC').limit(limit).getMany();
  }

  /** One trajectory by id, or by a prefix that names exactly one; `ambiguous` when several match. */
  async findByPrefix(prefix: string): Promise<TrajectoryRecord | 'ambiguous' | undefined> {
    const rows = await this.repo()
      .createQueryBuilder('t')
      .where('t.id LIKE :prefix', { prefix: `${prefix.replace(/[^0-9a-f]/g, '')}%` })
      .orderBy('t.id', 'ASC')
      .limit(2)
      .getMany();
    if (rows.length > 1) return 'ambiguous';
    return rows[0]?.record;
  }

  /** A page of trajectory heads newest first after `after` (fetch limit + 1 to learn whether more follow). */
  async list(filter: TrajectoryFilter, after: RecordPosition | undefined, limit: number): Promise<TrajectoryHead[]> {
    const query = this.repo()
      .createQueryBuilder('t')
      .select(HEAD_COLUMNS.map((c) => `t.${c}`))
      .where('1 = 1');
    if (filter.jobId !== undefined) query.andWhere('t.job_id = :jobId', { jobId: filter.jobId });
    if (filter.verdict !== undefined) query.andWhere('t.verdict = :verdict', { verdict: filter.verdict });
    if (filter.executor !== undefined) query.andWhere('t.executor = :executor', { executor: filter.executor });
    if (after) query.andWhere('(t.created_at < :at OR (t.created_at = :at AND t.id < :id))', { at: after.createdAt, id: after.id });
    return query.orderBy('t.created_at', 'DESC').addOrderBy('t.id', 'DESC').limit(limit).getMany();
  }

  /** The trajectories a judging job has judged already, with their new verdicts. */
  async judgedBy(judgingJobId: string): Promise<TrajectoryJudgingEntity[]> {
    return this.dataSource.getRepository(TrajectoryJudgingEntity).find({ where: { jobId: judgingJobId } });
  }

  /**
   * Stores a new judgement of a stored trajectory (record, verdict and mean) and that the judging job did it, in one
   * transaction; a trajectory this job judged already keeps its first new judgement.
   */
  async saveJudgement(judgingJobId: string, record: TrajectoryRecord, now: string): Promise<void> {
    await runInTransaction(this.dataSource, async (manager) => {
      if (await manager.existsBy(TrajectoryJudgingEntity, { jobId: judgingJobId, trajectoryId: record.id })) return;
      const row = await manager.findOneBy(TrajectoryEntity, { id: record.id });
      if (!row) return;
      row.record = record;
      row.verdict = record.verdict;
      row.mean = record.judgement?.mean ?? null;
      await manager.save(row);
      const judging = { jobId: judgingJobId, trajectoryId: record.id, verdict: record.verdict, createdAt: now };
      await manager.createQueryBuilder().insert().into(TrajectoryJudgingEntity).values(judging).orIgnore().execute();
    });
  }

  private repo() {
    return this.dataSource.getRepository(TrajectoryEntity);
  }
}
