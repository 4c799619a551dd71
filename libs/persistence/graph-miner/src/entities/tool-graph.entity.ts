import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One tool-call graph of one server version, built by one strategy with one set of options. */
@Entity('tool_graphs')
@Index('uq_tool_graphs_version_strategy_options', ['serverVersionId', 'strategy', 'optionsHash'], { unique: true })
export class ToolGraphEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'server_name', type: 'varchar', length: 200 })
  serverName!: string;

  @Column({ name: 'server_version_id', type: 'varchar', length: 36 })
  serverVersionId!: string;

  @Column({ name: 'server_version', type: 'integer' })
  serverVersion!: number;

  @Column({ type: 'varchar', length: 32 })
  strategy!: string;

  /** Hash of the strategy options (thresholds, model samples) so different settings are different graphs. */
  @Column({ name: 'options_hash', type: 'varchar', length: 64 })
  optionsHash!: string;

  @Column({ name: 'edge_count', type: 'integer' })
  edgeCount!: number;

  /** The whole ToolGraph (tools, edges with weight and evidence, rejected names) as graphToJson wrote it. */
  @Column({ type: 'text' })
  graph!: string;

  @Column({ name: 'invalid_answers', type: 'integer' })
  invalidAnswers!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  /** The build job that stored the graph (null for graphs stored before jobs were recorded). */
  @Column({ name: 'job_id', type: 'varchar', length: 200, nullable: true })
  jobId!: string | null;
}
