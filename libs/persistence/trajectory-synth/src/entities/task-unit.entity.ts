import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What one unit of a task-generation job came to; a unit with a row is done, so a redelivered job skips it. */
@Entity('trajectory_task_units')
export class TaskUnitEntity {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  @PrimaryColumn({ name: 'unit_index', type: 'integer' })
  unitIndex!: number;

  /** Tasks the unit made (stored under this job, or already stored by another job). */
  @Column({ type: 'integer' })
  tasks!: number;

  /** Tasks of the unit whose content hash was stored already (by an earlier job or unit). */
  @Column({ type: 'integer' })
  duplicates!: number;

  /** Why the unit made nothing (a refusal of its input); null when it ran. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
