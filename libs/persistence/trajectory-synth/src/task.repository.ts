import type { TaskRecord } from '@astra/contracts';
import { runInTransaction } from '@astra/platform/database';
import type { DataSource, EntityManager } from 'typeorm';
import { TaskEntity } from './entities/task.entity';
import { TaskUnitEntity } from './entities/task-unit.entity';

/** What a task-generation unit came to: the tasks it made, or why it made none. */
export type TaskUnitOutcome = { readonly tasks: readonly TaskRecord[] } | { readonly reason: string };

/** Filters of a task listing. */
export interface TaskFilter {
  readonly jobId?: string;
  readonly accepted?: boolean;
}

/** Where a listing resumes: after this creation time and id. */
export interface RecordPosition {
  readonly createdAt: string;
  readonly id: string;
}

/** The row of a task record. */
export function taskRow(record: TaskRecord): TaskEntity {
  const row = new TaskEntity();
  Object.assign(row, { id: record.id, jobId: record.jobId, accepted: record.accepted ? 1 : 0, record, createdAt: record.createdAt });
  return row;
}

/** Storage of tasks (by content hash) and of what each task-generation unit came to. */
export class TaskRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The units of a job already done (a redelivered job skips them). */
  async units(jobId: string): Promise<TaskUnitEntity[]> {
    return this.dataSource.getRepository(TaskUnitEntity).find({ where: { jobId }, order: { unitIndex: 'ASC' } });
  }

  /**
   * Records a unit and its tasks in one transaction; a task whose content hash is stored already is kept as it was
   * (and counted as a duplicate), and a unit recorded by an earlier delivery is returned unchanged.
   */
  async recordUnit(jobId: string, unitIndex: number, outcome: TaskUnitOutcome, now: string): Promise<TaskUnitEntity> {
    return runInTransaction(this.dataSource, async (manager) => {
      const done = await manager.findOneBy(TaskUnitEntity, { jobId, unitIndex });
      if (done) return done;
      const unit = manager.create(TaskUnitEntity, { jobId, unitIndex, tasks: 0, duplicates: 0, reason: null, createdAt: now });
      if ('reason' in outcome) unit.reason = outcome.reason;
      else {
        unit.tasks = outcome.tasks.length;
        for (const task of outcome.tasks) if (!(await this.insertTask(manager, task))) unit.duplicates += 1;
      }
      await manager.createQueryBuilder().insert().into(TaskUnitEntity).values(unit).orIgnore().execute();
      return unit;
    });
  }

  /** Stores a task unless its id is stored already; whether it was new. */
  async save(task: TaskRecord): Promise<boolean> {
    return this.insertTask(this.dataSource.manager, task);
  }

  private async insertTask(manager: EntityManager, task: TaskRecord): Promise<boolean> {
    if (await manager.existsBy(TaskEntity, { id: task.id })) return false;
    await manager
      .createQueryBuilder()
      .insert()
      .into(TaskEntity)
      .values(taskRow(task) as object)
      .orIgnore()
      .execute();
    return true;
  }

  /** A job's tasks (accepted only, when asked) in creation order. */
  async ofJob(jobId: string, acceptedOnly = false, limit?: number): Promise<TaskRecord[]> {
    const query = this.repo().createQueryBuilder('t').where('t.job_id = :jobId', { jobId });
    if (acceptedOnly) query.andWhere('t.accepted = 1');
    query.orderBy('t.created_at', 'ASC').addOrderBy('t.id', 'ASC');
    if (limit !== undefined) query.limit(limit);
    return (await query.getMany()).map((row) => row.record);
  }

  /** Tasks by exact id (the ones stored), in id order. */
  async byIds(ids: readonly string[]): Promise<TaskRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.repo().createQueryBuilder('t').where('t.id IN (:...ids)', { ids }).orderBy('t.id', 'ASC').getMany();
    return rows.map((row) => row.record);
  }

  /** One task by id, or by a prefix that names exactly one; `ambiguous` when several match. */
  async findByPrefix(prefix: string): Promise<TaskRecord | 'ambiguous' | undefined> {
    const rows = await this.repo()
      .createQueryBuilder('t')
      .where('t.id LIKE :prefix', { prefix: `${prefix.replace(/[^0-9a-f]/g, '')}%` })
      .orderBy('t.id', 'ASC')
      .limit(2)
      .getMany();
    if (rows.length > 1) return 'ambiguous';
    return rows[0]?.record;
  }

  /** A page of tasks newest first after `after` (fetch limit + 1 to learn whether more follow). */
  async list(filter: TaskFilter, after: RecordPosition | undefined, limit: number): Promise<TaskRecord[]> {
    const query = this.repo().createQueryBuilder('t').where('1 = 1');
    if (filter.jobId !== undefined) query.andWhere('t.job_id = :jobId', { jobId: filter.jobId });
    if (filter.accepted !== undefined) query.andWhere('t.accepted = :accepted', { accepted: filter.accepted ? 1 : 0 });
    if (after) query.andWhere('(t.created_at < :at OR (t.created_at = :at AND t.id < :id))', { at: after.createdAt, id: after.id });
    const rows = await query.orderBy('t.created_at', 'DESC').addOrderBy('t.id', 'DESC').limit(limit).getMany();
    return rows.map((row) => row.record);
  }

  private repo() {
    return this.dataSource.getRepository(TaskEntity);
  }
}
