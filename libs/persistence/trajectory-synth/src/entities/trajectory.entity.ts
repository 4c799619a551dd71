import type { TrajectoryRecord } from '@astra/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One stored trajectory: the whole record as JSON, and the columns a listing filters and sorts on. */
@Entity('trajectories')
@Index('ix_trajectories_job', ['jobId', 'id'])
@Index('ix_trajectories_created', ['createdAt', 'id'])
export class TrajectoryEntity {
  /** 32 hex digits derived from (job, task, attempt). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 64 })
  taskId!: string;

  @Column({ type: 'varchar', length: 16 })
  executor!: TrajectoryRecord['executor'];

  @Column({ type: 'varchar', length: 16 })
  agent!: TrajectoryRecord['agent']['kind'];

  @Column({ type: 'varchar', length: 16 })
  verdict!: TrajectoryRecord['verdict'];

  @Column({ type: 'varchar', length: 16 })
  stop!: TrajectoryRecord['stop'];

  /** The judge's mean over its dimensions; null unjudged, in rules mode or with an unknown dimension. */
  @Column({ type: 'double precision', nullable: true })
  mean!: number | null;

  @Column({ type: 'integer' })
  calls!: number;

  /** The TrajectoryRecord; JSON escapes NUL, which PostgreSQL text refuses raw. */
  @Column({ type: 'simple-json' })
  record!: TrajectoryRecord;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
