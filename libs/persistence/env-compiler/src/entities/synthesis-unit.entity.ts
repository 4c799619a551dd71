import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What one unit of a synthesis job came to; a unit with a row is done, so a redelivered job skips it. */
@Entity('env_synthesis_units')
@Index('ix_env_synthesis_units_environment', ['environmentId'])
export class SynthesisUnitEntity {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  @PrimaryColumn({ name: 'unit_index', type: 'integer' })
  unitIndex!: number;

  /** published: a new environment; existing: one already stored by content hash; failed: none (see reason). */
  @Column({ type: 'varchar', length: 16 })
  outcome!: 'published' | 'existing' | 'failed';

  @Column({ name: 'environment_id', type: 'varchar', length: 64, nullable: true })
  environmentId!: string | null;

  /** train or held-out in this job's split; null without a split, or for an environment that straddles it. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  split!: 'train' | 'held-out' | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
