import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ImportRunStatus = 'pending' | 'running' | 'completed' | 'failed';

/** One `catalog.import.requested` command: its progress and, once finished, its report. */
@Entity('catalog_import_runs')
export class CatalogImportRunEntity {
  @PrimaryColumn({ name: 'import_id', type: 'varchar', length: 200 })
  importId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ImportRunStatus;

  @Column({ name: 'sources_total', type: 'integer' })
  sourcesTotal!: number;

  @Column({ name: 'servers_total', type: 'integer', default: 0 })
  serversTotal!: number;

  @Column({ name: 'servers_done', type: 'integer', default: 0 })
  serversDone!: number;

  /** How many deliveries of the command have worked on this run (more than 1 after a crash). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Source errors (a server that failed to start, an unreadable file), as { source, code, message }. */
  @Column({ type: 'simple-json' })
  errors!: { source: string; code: string; message: string }[];

  /** Why the import failed, as { code, message } (a source that failed, or a fault on its last delivery). */
  @Column({ type: 'simple-json', nullable: true })
  error!: { code: string; message: string } | null;

  @Column({ name: 'started_at', type: 'varchar', length: 32 })
  startedAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;

  @Column({ name: 'finished_at', type: 'varchar', length: 32, nullable: true })
  finishedAt!: string | null;
}
