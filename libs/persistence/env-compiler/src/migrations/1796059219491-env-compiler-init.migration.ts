import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** env-compiler's tables: durable jobs, environments by content hash, and what each synthesis unit came to. */
export class EnvCompilerInit1796059219491 implements MigrationInterface {
  name = 'EnvCompilerInit1796059219491';

  async up(runner: QueryRunner): Promise<void> {
    // Only types that mean the same on SQLite and PostgreSQL: varchar, integer, text. Times are ISO strings.
    await runner.createTable(
      new Table({
        name: 'env_compiler_jobs',
        columns: [
          { name: 'job_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'request', type: 'text' },
          { name: 'done', type: 'integer', default: 0 },
          { name: 'total', type: 'integer', default: 0 },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'result', type: 'text', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'started_at', type: 'varchar', length: '32' },
          { name: 'updated_at', type: 'varchar', length: '32' },
          { name: 'finished_at', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'environments',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'domain', type: 'varchar', length: '200' },
          { name: 'language', type: 'varchar', length: '8' },
          { name: 'scenario_type', type: 'varchar', length: '32' },
          { name: 'strategy', type: 'varchar', length: '8' },
          { name: 'hops', type: 'integer' },
          { name: 'passed', type: 'integer' },
          { name: 'content', type: 'text' },
          { name: 'verification', type: 'text' },
          { name: 'distractors', type: 'text', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        indices: [new TableIndex({ name: 'ix_environments_created', columnNames: ['created_at', 'id'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'env_synthesis_units',
        columns: [
          { name: 'job_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'unit_index', type: 'integer', isPrimary: true },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'environment_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'split', type: 'varchar', length: '16', isNullable: true },
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        indices: [new TableIndex({ name: 'ix_env_synthesis_units_environment', columnNames: ['environment_id'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('env_synthesis_units', true);
    await runner.dropTable('environments', true);
    await runner.dropTable('env_compiler_jobs', true);
  }
}
