import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What one import did with one server; a redelivery skips servers that already have an item. */
@Entity('catalog_import_items')
export class CatalogImportItemEntity {
  @PrimaryColumn({ name: 'import_id', type: 'varchar', length: 200 })
  importId!: string;

  @PrimaryColumn({ name: 'server_name', type: 'varchar', length: 200 })
  serverName!: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  /** new: first version; changed: a new version; unchanged: same hash as the latest version. */
  @Column({ type: 'varchar', length: 16 })
  outcome!: 'new' | 'changed' | 'unchanged';

  @Column({ name: 'server_version', type: 'integer' })
  serverVersion!: number;

  @Column({ name: 'tools_imported', type: 'integer' })
  toolsImported!: number;

  @Column({ name: 'tools_new_versions', type: 'integer' })
  toolsNewVersions!: number;

  @Column({ name: 'tools_unchanged', type: 'integer' })
  toolsUnchanged!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
