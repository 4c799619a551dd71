import type { EpisodeRecord } from '@astra/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One stored episode: the whole record as JSON, and the columns a listing filters and sorts on. */
@Entity('rollout_episodes')
@Index('ix_rollout_episodes_group', ['jobId', 'groupIndex'])
@Index('ix_rollout_episodes_created', ['createdAt', 'id'])
export class RolloutEpisodeEntity {
  /** 32 hex digits derived from (job, group, sample). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  @Column({ name: 'group_index', type: 'integer' })
  groupIndex!: number;

  @Column({ type: 'integer' })
  sample!: number;

  @Column({ name: 'environment_id', type: 'varchar', length: 64 })
  environmentId!: string;

  @Column({ name: 'policy_version', type: 'varchar', length: 200 })
  policyVersion!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: EpisodeRecord['status'];

  @Column({ type: 'varchar', length: 32 })
  stop!: EpisodeRecord['stop'];

  /** The reward of a scored episode; null when it failed on infrastructure. */
  @Column({ type: 'double precision', nullable: true })
  reward!: number | null;

  @Column({ type: 'integer' })
  turns!: number;

  @Column({ type: 'integer' })
  calls!: number;

  @Column({ name: 'wall_ms', type: 'double precision' })
  wallMs!: number;

  /** The EpisodeRecord; JSON escapes NUL, which PostgreSQL text refuses raw. */
  @Column({ type: 'simple-json' })
  record!: EpisodeRecord;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
