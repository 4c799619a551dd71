import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One version of a tool server: a new row whenever its content hash changes. */
@Entity('catalog_server_versions')
@Index('uq_catalog_server_versions_name_version', ['name', 'version'], { unique: true })
export class CatalogServerVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 32 })
  origin!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Column({ name: 'tool_count', type: 'integer' })
  toolCount!: number;

  @Column({ type: 'simple-json' })
  metadata!: Record<string, unknown>;

  @Column({ name: 'import_id', type: 'varchar', length: 200 })
  importId!: string;

  /** ISO-8601; strings keep the schema identical on SQLite and PostgreSQL. */
  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
