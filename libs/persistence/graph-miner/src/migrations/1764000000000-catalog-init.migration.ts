import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

// Only types that mean the same on SQLite and PostgreSQL: varchar, integer, text. Times are ISO strings.
const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const int = (name: string, fallback?: number): TableColumnOptions => ({
  name,
  type: 'integer',
  ...(fallback === undefined ? {} : { default: fallback }),
});
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => str(name, 32, nullable);

/** Tables of the tool catalog: server and tool versions, their links, import runs, items and rejections. */
export class CatalogInit1764000000000 implements MigrationInterface {
  name = 'CatalogInit1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'catalog_server_versions',
        columns: [
          id(),
          str('name', 200),
          int('version'),
          str('origin', 32),
          text('description'),
          str('content_hash', 64),
          int('tool_count'),
          text('metadata'),
          str('import_id', 200),
          time('created_at'),
        ],
        indices: [new TableIndex({ name: 'uq_catalog_server_versions_name_version', columnNames: ['name', 'version'], isUnique: true })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'catalog_tool_versions',
        columns: [
          id(),
          str('server_name', 200),
          str('name', 200),
          int('version'),
          text('description'),
          text('parameters'),
          text('output_schema', true),
          str('content_hash', 64),
          str('import_id', 200),
          time('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_catalog_tool_versions_server_name_version',
            columnNames: ['server_name', 'name', 'version'],
            isUnique: true,
          }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'catalog_server_tools',
        columns: [id('server_version_id'), id('tool_version_id')],
        foreignKeys: [
          { columnNames: ['server_version_id'], referencedTableName: 'catalog_server_versions', referencedColumnNames: ['id'] },
          { columnNames: ['tool_version_id'], referencedTableName: 'catalog_tool_versions', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'catalog_import_runs',
        columns: [
          { ...str('import_id', 200), isPrimary: true },
          str('status', 16),
          int('sources_total'),
          int('servers_total', 0),
          int('servers_done', 0),
          int('attempts', 0),
          text('errors'),
          time('started_at'),
          time('updated_at'),
          time('finished_at', true),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'catalog_import_items',
        columns: [
          { ...str('import_id', 200), isPrimary: true },
          { ...str('server_name', 200), isPrimary: true },
          str('content_hash', 64),
          str('outcome', 16),
          int('server_version'),
          int('tools_imported'),
          int('tools_new_versions'),
          int('tools_unchanged'),
          time('created_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'catalog_rejections',
        columns: [
          id(),
          str('import_id', 200),
          int('position'),
          str('server', 200),
          str('tool', 200, true),
          str('reason', 32),
          text('detail'),
          { ...int('line'), isNullable: true },
          time('created_at'),
        ],
        indices: [new TableIndex({ name: 'ix_catalog_rejections_import', columnNames: ['import_id'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'catalog_rejections',
      'catalog_import_items',
      'catalog_import_runs',
      'catalog_server_tools',
      'catalog_tool_versions',
      'catalog_server_versions',
    ]) {
      await runner.dropTable(table, true);
    }
  }
}
