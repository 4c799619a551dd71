import { Entity, PrimaryColumn } from 'typeorm';

/** Which tool versions make up a server version. */
@Entity('catalog_server_tools')
export class CatalogServerToolEntity {
  @PrimaryColumn({ name: 'server_version_id', type: 'varchar', length: 36 })
  serverVersionId!: string;

  @PrimaryColumn({ name: 'tool_version_id', type: 'varchar', length: 36 })
  toolVersionId!: string;
}
