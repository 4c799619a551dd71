import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Which job stored each graph, so a build redelivered after a crash still reports the graphs it stored before the
 * crash as its own (new), not as found (unchanged). Graphs stored before this column existed keep null.
 */
export class GraphBuiltByJob1767000000000 implements MigrationInterface {
  name = 'GraphBuiltByJob1767000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('tool_graphs', new TableColumn({ name: 'job_id', type: 'varchar', length: '200', isNullable: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('tool_graphs', 'job_id');
  }
}
