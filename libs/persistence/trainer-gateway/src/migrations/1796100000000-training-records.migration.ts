import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Training jobs (status, step, worker, outcome), their metrics per step, and their checkpoints with lineage. */
export class TrainingRecords1796100000000 implements MigrationInterface {
  name = 'TrainingRecords1796100000000';

  async up(runner: QueryRunner): Promise<void> {
    // Only types that mean the same on SQLite and PostgreSQL; JSON is text (it escapes NUL). Times are ISO strings.
    await runner.createTable(
      new Table({
        name: 'training_jobs',
        columns: [
          { name: 'job_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'backend', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'request', type: 'text' },
          { name: 'step', type: 'integer', default: 0 },
          { name: 'total_steps', type: 'integer', default: 0 },
          { name: 'base_step', type: 'integer', isNullable: true },
          { name: 'worker_pid', type: 'integer', isNullable: true },
          { name: 'worker_restarts', type: 'integer', default: 0 },
          { name: 'kubernetes_job', type: 'varchar', length: '253', isNullable: true },
          { name: 'policy_url', type: 'varchar', length: '2000', isNullable: true },
          { name: 'checkpoint_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'eval_result', type: 'text', isNullable: true },
          { name: 'log_tail', type: 'text' },
          { name: 'cancel_requested', type: 'integer', default: 0 },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'started_at', type: 'varchar', length: '32', isNullable: true },
          { name: 'updated_at', type: 'varchar', length: '32' },
          { name: 'finished_at', type: 'varchar', length: '32', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'ix_training_jobs_created', columnNames: ['created_at', 'job_id'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'training_metrics',
        columns: [
          { name: 'job_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'step', type: 'integer', isPrimary: true },
          { name: 'metrics', type: 'text' },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'training_checkpoints',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'job_id', type: 'varchar', length: '200' },
          { name: 'step', type: 'integer' },
          { name: 'record', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        indices: [new TableIndex({ name: 'ix_training_checkpoints_job', columnNames: ['job_id', 'step'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('training_checkpoints', true);
    await runner.dropTable('training_metrics', true);
    await runner.dropTable('training_jobs', true);
  }
}
