import type { TaskRecord } from '@astra/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One stored task, keyed by its content hash: the whole record as JSON, and the columns a listing filters on. */
@Entity('trajectory_tasks')
@Index('ix_trajectory_tasks_job', ['jobId', 'createdAt', 'id'])
@Index('ix_trajectory_tasks_created', ['createdAt', 'id'])
export class TaskEntity {
  /** sha256 of question, source and augmentation (TaskRecord.id). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  /** 1 when the task passed its thresholds, else 0. */
  @Column({ type: 'integer' })
  accepted!: number;

  /** The TaskRecord; JSON escapes NUL, which PostgreSQL text refuses raw. */
  @Column({ type: 'simple-json' })
  record!: TaskRecord;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
