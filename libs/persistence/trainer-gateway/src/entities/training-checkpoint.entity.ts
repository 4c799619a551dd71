import type { CheckpointRecord } from '@astra/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A saved policy with its lineage (the whole CheckpointRecord as JSON); newest per job by step. */
@Entity('training_checkpoints')
@Index('ix_training_checkpoints_job', ['jobId', 'step'])
export class TrainingCheckpointEntity {
  /** 32 hex digits from (job, step). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  @Column({ type: 'integer' })
  step!: number;

  @Column({ type: 'simple-json' })
  record!: CheckpointRecord;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
