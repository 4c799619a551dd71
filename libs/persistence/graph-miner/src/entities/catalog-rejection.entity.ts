import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A server, tool or line an import left out, with the reason. */
@Entity('catalog_rejections')
@Index('ix_catalog_rejections_import', ['importId'])
export class CatalogRejectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'import_id', type: 'varchar', length: 200 })
  importId!: string;

  /** Position in the import's report, so the report reads back in the order it was written. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 200 })
  server!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  tool!: string | null;

  @Column({ type: 'varchar', length: 32 })
  reason!: string;

  @Column({ type: 'text' })
  detail!: string;

  @Column({ type: 'integer', nullable: true })
  line!: number | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
