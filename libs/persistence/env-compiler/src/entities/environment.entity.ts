import type { DistractorPools, EnvironmentContent, EnvVerification } from '@astra/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A stored environment, keyed by the content hash of what it holds; the columns beside the record are for listing. */
@Entity('environments')
@Index('ix_environments_created', ['createdAt', 'id'])
export class EnvironmentEntity {
  /** sha256 of the canonical content (EnvironmentContent). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  domain!: string;

  @Column({ type: 'varchar', length: 8 })
  language!: string;

  @Column({ name: 'scenario_type', type: 'varchar', length: 32 })
  scenarioType!: string;

  @Column({ type: 'varchar', length: 8 })
  strategy!: string;

  @Column({ type: 'integer' })
  hops!: number;

  /** Whether every check of every tool passed when it was last checked. */
  @Column({ type: 'integer' })
  passed!: number;

  @Column({ type: 'simple-json' })
  content!: EnvironmentContent;

  @Column({ type: 'simple-json' })
  verification!: EnvVerification;

  @Column({ type: 'simple-json', nullable: true })
  distractors!: DistractorPools | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
