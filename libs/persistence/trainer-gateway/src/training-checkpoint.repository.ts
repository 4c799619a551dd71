import type { CheckpointRecord } from '@astra/contracts';
import type { DataSource } from 'typeorm';
import { TrainingCheckpointEntity } from './entities/training-checkpoint.entity';

/** Checkpoints with their lineage: one per (job, step), by id. */
export class TrainingCheckpointRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a checkpoint unless one with its id is stored already (a redelivery keeps the first). */
  async save(record: CheckpointRecord): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(TrainingCheckpointEntity)
      .values({ id: record.id, jobId: record.jobId, step: record.step, record, createdAt: record.createdAt } as object)
      .orIgnore()
      .execute();
  }

  async byId(id: string): Promise<CheckpointRecord | undefined> {
    return (await this.repo().findOne({ where: { id } }))?.record;
  }

  /** A job's checkpoints by step. */
  async ofJob(jobId: string): Promise<CheckpointRecord[]> {
    return (await this.repo().find({ where: { jobId }, order: { step: 'ASC' } })).map((r) => r.record);
  }

  /** The job's checkpoint of the highest step. */
  async newest(jobId: string): Promise<CheckpointRecord | undefined> {
    return (await this.repo().findOne({ where: { jobId }, order: { step: 'DESC' } }))?.record;
  }

  private repo() {
    return this.dataSource.getRepository(TrainingCheckpointEntity);
  }
}
