import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

// Only types that mean the same on SQLite and PostgreSQL: varchar, integer, text. Times are ISO strings.
const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true });
const str = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length) });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const text = (name: string): TableColumnOptions => ({ name, type: 'text' });

/** Tool-call graphs, sampled chains and their verdicts. */
export class ToolGraphs1765000000000 implements MigrationInterface {
  name = 'ToolGraphs1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'tool_graphs',
        columns: [
          id(),
          str('server_name', 200),
          str('server_version_id', 36),
          int('server_version'),
          str('strategy', 32),
          str('options_hash', 64),
          int('edge_count'),
          text('graph'),
          int('invalid_answers'),
          str('created_at', 32),
        ],
        indices: [
          new TableIndex({
            name: 'uq_tool_graphs_version_strategy_options',
            columnNames: ['server_version_id', 'strategy', 'options_hash'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          { columnNames: ['server_version_id'], referencedTableName: 'catalog_server_versions', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'tool_chains',
        columns: [
          id(),
          str('server_name', 200),
          str('server_version_id', 36),
          int('server_version'),
          str('graph_id', 36),
          str('sequence_hash', 64),
          text('tools'),
          int('length'),
          int('seed'),
          str('created_at', 32),
        ],
        indices: [
          new TableIndex({ name: 'uq_tool_chains_version_sequence', columnNames: ['server_version_id', 'sequence_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_tool_chains_server', columnNames: ['server_name'] }),
        ],
        foreignKeys: [{ columnNames: ['graph_id'], referencedTableName: 'tool_graphs', referencedColumnNames: ['id'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'tool_chain_verdicts',
        columns: [id(), str('chain_id', 36), str('operator', 32), str('status', 16), text('reasons'), str('created_at', 32)],
        indices: [new TableIndex({ name: 'uq_tool_chain_verdicts_chain_operator', columnNames: ['chain_id', 'operator'], isUnique: true })],
        foreignKeys: [{ columnNames: ['chain_id'], referencedTableName: 'tool_chains', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['tool_chain_verdicts', 'tool_chains', 'tool_graphs']) await runner.dropTable(table, true);
  }
}
