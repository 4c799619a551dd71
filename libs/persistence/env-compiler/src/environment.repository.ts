import { runInTransaction } from '@astra/platform/database';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { EnvironmentEntity } from './entities/environment.entity';
import { SynthesisUnitEntity } from './entities/synthesis-unit.entity';

/** What a unit made, to record: a failure, or an environment (stored unless its content hash is already). */
export type UnitRecord =
  | { readonly outcome: 'failed'; readonly reason: string }
  | { readonly outcome: 'environment'; readonly environment: EnvironmentEntity; readonly split: 'train' | 'held-out' | null };

/** Filters of a listing; with a job, the job's environments in unit order, each with its split in that job. */
export interface EnvironmentFilter {
  readonly jobId?: string;
  readonly domain?: string;
  readonly scenarioType?: string;
  readonly split?: 'train' | 'held-out';
}

/** Where a listing resumes: after this position (unit index within a job, else creation time and id). */
export type EnvironmentPosition = { readonly unitIndex: number } | { readonly createdAt: string; readonly id: string };

/** An environment row with its split in the job it was listed for. */
export interface ListedEnvironment {
  readonly environment: EnvironmentEntity;
  readonly split: 'train' | 'held-out' | null;
  readonly position: EnvironmentPosition;
}

/** Storage of environments (by content hash) and of what each synthesis unit came to. */
export class EnvironmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The units of a job already done (a redelivered job skips them). */
  async units(jobId: string): Promise<SynthesisUnitEntity[]> {
    return this.dataSource.getRepository(SynthesisUnitEntity).find({ where: { jobId }, order: { unitIndex: 'ASC' } });
  }

  /**
   * Records a unit's outcome and, for a new environment, the environment, in one transaction; a unit already
   * recorded (by an earlier delivery) is kept as it was. Returns the unit as stored.
   */
  async recordUnit(jobId: string, unitIndex: number, record: UnitRecord, now: string): Promise<SynthesisUnitEntity> {
    return runInTransaction(this.dataSource, async (manager) => {
      const done = await manager.findOneBy(SynthesisUnitEntity, { jobId, unitIndex });
      if (done) return done;
      const unit = manager.create(SynthesisUnitEntity, {
        jobId,
        unitIndex,
        outcome: 'failed',
        environmentId: null,
        split: null,
        reason: null,
        createdAt: now,
      });
      if (record.outcome === 'failed') unit.reason = record.reason;
      else {
        unit.environmentId = record.environment.id;
        unit.split = record.split;
        unit.outcome = (await this.insertEnvironment(manager, record.environment)) ? 'published' : 'existing';
      }
      await manager.createQueryBuilder().insert().into(SynthesisUnitEntity).values(unit).orIgnore().execute();
      return unit;
    });
  }

  private async insertEnvironment(manager: EntityManager, environment: EnvironmentEntity): Promise<boolean> {
    if (await manager.existsBy(EnvironmentEntity, { id: environment.id })) return false;
    // The content types are deeper than TypeORM's partial-entity type follows; the row is a whole entity.
    await manager
      .createQueryBuilder()
      .insert()
      .into(EnvironmentEntity)
      .values(environment as object)
      .orIgnore()
      .execute();
    return true;
  }

  /** One environment by id, or by a prefix that names exactly one; `ambiguous` when several match. */
  async findByPrefix(prefix: string): Promise<EnvironmentEntity | 'ambiguous' | undefined> {
    const rows = await this.dataSource
      .getRepository(EnvironmentEntity)
      .createQueryBuilder('e')
      .where('e.id LIKE :prefix', { prefix: `${prefix.replace(/[^0-9a-f]/g, '')}%` })
      .orderBy('e.id', 'ASC')
      .limit(2)
      .getMany();
    if (rows.length > 1) return 'ambiguous';
    return rows[0];
  }

  /** The environments a job published or found already stored, in unit order. */
  async ofJob(jobId: string): Promise<EnvironmentEntity[]> {
    return this.dataSource
      .getRepository(EnvironmentEntity)
      .createQueryBuilder('e')
      .innerJoin(SynthesisUnitEntity, 'u', 'u.environment_id = e.id')
      .where('u.job_id = :jobId', { jobId })
      .orderBy('u.unit_index', 'ASC')
      .getMany();
  }

  async saveVerification(id: string, verification: EnvironmentEntity['verification']): Promise<void> {
    await this.dataSource.getRepository(EnvironmentEntity).update({ id }, { verification, passed: verification.passed ? 1 : 0 });
  }

  async saveDistractors(id: string, distractors: NonNullable<EnvironmentEntity['distractors']>): Promise<void> {
    await this.dataSource.getRepository(EnvironmentEntity).update({ id }, { distractors });
  }

  /** A page of passing environments after `after`: newest first, or oldest first (`order: 'ASC'`), or in unit order for a job. */
  async list(
    filter: EnvironmentFilter,
    after: EnvironmentPosition | undefined,
    limit: number,
    order: 'ASC' | 'DESC',
  ): Promise<ListedEnvironment[]> {
    const query = this.dataSource.getRepository(EnvironmentEntity).createQueryBuilder('e').where('e.passed = 1');
    if (filter.domain !== undefined) query.andWhere('e.domain = :domain', { domain: filter.domain });
    if (filter.scenarioType !== undefined) query.andWhere('e.scenario_type = :scenario', { scenario: filter.scenarioType });
    if (filter.jobId !== undefined) return this.listOfJob(query, filter, after, limit);
    const cmp = order === 'ASC' ? '>' : '<';
    if (after && 'createdAt' in after) {
      query.andWhere(`(e.created_at ${cmp} :at OR (e.created_at = :at AND e.id ${cmp} :id))`, { at: after.createdAt, id: after.id });
    }
    const rows = await query.orderBy('e.created_at', order).addOrderBy('e.id', order).limit(limit).getMany();
    return rows.map((environment) => ({ environment, split: null, position: { createdAt: environment.createdAt, id: environment.id } }));
  }

  private async listOfJob(
    query: SelectQueryBuilder<EnvironmentEntity>,
    filter: EnvironmentFilter,
    after: EnvironmentPosition | undefined,
    limit: number,
  ): Promise<ListedEnvironment[]> {
    query
      .innerJoin(SynthesisUnitEntity, 'u', 'u.environment_id = e.id')
      .addSelect(['u.unit_index', 'u.split'])
      .andWhere('u.job_id = :jobId', { jobId: filter.jobId });
    if (filter.split !== undefined) query.andWhere('u.split = :split', { split: filter.split });
    if (after && 'unitIndex' in after) query.andWhere('u.unit_index > :index', { index: after.unitIndex });
    const { entities, raw } = await query.orderBy('u.unit_index', 'ASC').limit(limit).getRawAndEntities<Record<string, unknown>>();
    return entities.map((environment, i) => {
      const row = raw[i] ?? {};
      const split = row['u_split'] === 'train' || row['u_split'] === 'held-out' ? row['u_split'] : null;
      return { environment, split, position: { unitIndex: Number(row['u_unit_index']) } };
    });
  }
}
