import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const JOB_ID = { name: 'job_id', type: 'varchar', length: '200' };
const CREATED_AT = { name: 'created_at', type: 'varchar', length: '32' };

/** Tasks by content hash, the units of task jobs, trajectories (whole records as JSON) and re-judgings. */
export class TrajectorySynthRecords1796090000000 implements MigrationInterface {
  name = 'TrajectorySynthRecords1796090000000';

  async up(runner: QueryRunner): Promise<void> {
    // Only types that mean the same on SQLite and PostgreSQL; double precision is a 64-bit float on both; JSON is text.
    await runner.createTable(
      new Table({
        name: 'trajectory_tasks',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          JOB_ID,
          { name: 'accepted', type: 'integer' },
          { name: 'record', type: 'text' },
          CREATED_AT,
        ],
        indices: [
          new TableIndex({ name: 'ix_trajectory_tasks_job', columnNames: ['job_id', 'created_at', 'id'] }),
          new TableIndex({ name: 'ix_trajectory_tasks_created', columnNames: ['created_at', 'id'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'trajectory_task_units',
        columns: [
          { ...JOB_ID, isPrimary: true },
          { name: 'unit_index', type: 'integer', isPrimary: true },
          { name: 'tasks', type: 'integer' },
          { name: 'duplicates', type: 'integer' },
          { name: 'reason', type: 'text', isNullable: true },
          CREATED_AT,
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'trajectories',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          JOB_ID,
          { name: 'task_id', type: 'varchar', length: '64' },
          { name: 'executor', type: 'varchar', length: '16' },
          { name: 'agent', type: 'varchar', length: '16' },
          { name: 'verdict', type: 'varchar', length: '16' },
          { name: 'stop', type: 'varchar', length: '16' },
          { name: 'mean', type: 'double precision', isNullable: true },
          { name: 'calls', type: 'integer' },
          { name: 'record', type: 'text' },
          CREATED_AT,
        ],
        indices: [
          new TableIndex({ name: 'ix_trajectories_job', columnNames: ['job_id', 'id'] }),
          new TableIndex({ name: 'ix_trajectories_created', columnNames: ['created_at', 'id'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'trajectory_judgings',
        columns: [
          { ...JOB_ID, isPrimary: true },
          { name: 'trajectory_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'verdict', type: 'varchar', length: '16' },
          CREATED_AT,
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('trajectory_judgings', true);
    await runner.dropTable('trajectories', true);
    await runner.dropTable('trajectory_task_units', true);
    await runner.dropTable('trajectory_tasks', true);
  }
}
