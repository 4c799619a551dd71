import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One version of a tool of a server, normalised to the OpenAI schema; a new row whenever its hash changes. */
@Entity('catalog_tool_versions')
@Index('uq_catalog_tool_versions_server_name_version', ['serverName', 'name', 'version'], { unique: true })
export class CatalogToolVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'server_name', type: 'varchar', length: 200 })
  serverName!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'simple-json' })
  parameters!: Record<string, unknown>;

  @Column({ name: 'output_schema', type: 'simple-json', nullable: true })
  outputSchema!: Record<string, unknown> | null;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Column({ name: 'import_id', type: 'varchar', length: 200 })
  importId!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
