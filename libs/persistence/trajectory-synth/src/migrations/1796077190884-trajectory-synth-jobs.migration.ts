import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** trajectory-synth's durable jobs (every kind): one row per job with its progress and outcome. */
export class TrajectorySynthJobs1796077190884 implements MigrationInterface {
  name = 'TrajectorySynthJobs1796077190884';

  async up(runner: QueryRunner): Promise<void> {
    // Only types that mean the same on SQLite and PostgreSQL: varchar, integer, text. Times are ISO strings.
    await runner.createTable(
      new Table({
        name: 'trajectory_synth_jobs',
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
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('trajectory_synth_jobs', true);
  }
}
