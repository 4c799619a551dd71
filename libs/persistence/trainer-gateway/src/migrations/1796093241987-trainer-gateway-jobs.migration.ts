import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** trainer-gateway's durable jobs (every kind): one row per job with its progress and outcome. */
export class TrainerGatewayJobs1796093241987 implements MigrationInterface {
  name = 'TrainerGatewayJobs1796093241987';

  async up(runner: QueryRunner): Promise<void> {
    // Only types that mean the same on SQLite and PostgreSQL: varchar, integer, text. Times are ISO strings.
    await runner.createTable(
      new Table({
        name: 'trainer_gateway_jobs',
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
    await runner.dropTable('trainer_gateway_jobs', true);
  }
}
