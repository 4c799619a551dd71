import type { GroupState } from '@astra/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One finished group of a batch; a valid one not yet handed to a batch (handed_to null) is buffered surplus. */
@Entity('rollout_groups')
@Index('ix_rollout_groups_job', ['jobId', 'groupIndex'])
@Index('ix_rollout_groups_buffer', ['policyVersion', 'state', 'handedTo'])
@Index('ix_rollout_groups_handed', ['handedTo', 'handedOrder'])
export class RolloutGroupEntity {
  /** `${jobId}:${groupIndex}`. */
  @PrimaryColumn({ type: 'varchar', length: 220 })
  id!: string;

  /** The batch that generated it. */
  @Column({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  @Column({ name: 'group_index', type: 'integer' })
  groupIndex!: number;

  @Column({ name: 'environment_id', type: 'varchar', length: 64 })
  environmentId!: string;

  @Column({ name: 'policy_version', type: 'varchar', length: 200 })
  policyVersion!: string;

  /** What the group's environments were drawn from (canonical JSON of the set), for reading which buffer it may feed. */
  @Column({ name: 'env_set_key', type: 'varchar', length: 64 })
  envSetKey!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: GroupState;

  @Column({ type: 'simple-json' })
  rewards!: number[];

  @Column({ type: 'double precision' })
  mean!: number;

  @Column({ type: 'double precision' })
  std!: number;

  /** The batch job that took it; null while it is buffered (or when it is not valid). */
  @Column({ name: 'handed_to', type: 'varchar', length: 200, nullable: true })
  handedTo!: string | null;

  /** Its place among the groups handed to that batch (0, 1, ...). */
  @Column({ name: 'handed_order', type: 'integer', nullable: true })
  handedOrder!: number | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
