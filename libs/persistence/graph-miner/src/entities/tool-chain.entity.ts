import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A sampled chain of tool calls; one row per (server version, tool sequence), whichever sampling found it first. */
@Entity('tool_chains')
@Index('uq_tool_chains_version_sequence', ['serverVersionId', 'sequenceHash'], { unique: true })
export class ToolChainEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'server_name', type: 'varchar', length: 200 })
  serverName!: string;

  @Column({ name: 'server_version_id', type: 'varchar', length: 36 })
  serverVersionId!: string;

  @Column({ name: 'server_version', type: 'integer' })
  serverVersion!: number;

  @Column({ name: 'graph_id', type: 'varchar', length: 36 })
  graphId!: string;

  /** sha256 of the tool names joined by NUL: the dedup key. */
  @Column({ name: 'sequence_hash', type: 'varchar', length: 64 })
  sequenceHash!: string;

  @Column({ type: 'simple-json' })
  tools!: string[];

  @Column({ type: 'integer' })
  length!: number;

  @Column({ type: 'integer' })
  seed!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
