import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One trajectory judged (again) by a judging job, recorded with its new verdict: a redelivered job skips it. */
@Entity('trajectory_judgings')
export class TrajectoryJudgingEntity {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  @PrimaryColumn({ name: 'trajectory_id', type: 'varchar', length: 32 })
  trajectoryId!: string;

  @Column({ type: 'varchar', length: 16 })
  verdict!: 'accepted' | 'rejected' | 'unjudged';

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
