import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Episodes (whole records as JSON) and the groups of each batch, with the surplus buffer (handed_to null). */
export class RolloutEpisodes1796080000000 implements MigrationInterface {
  name = 'RolloutEpisodes1796080000000';

  async up(runner: QueryRunner): Promise<void> {
    // double precision means a 64-bit float on both SQLite and PostgreSQL; JSON is text (it escapes NUL).
    await runner.createTable(
      new Table({
        name: 'rollout_episodes',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'job_id', type: 'varchar', length: '200' },
          { name: 'group_index', type: 'integer' },
          { name: 'sample', type: 'integer' },
          { name: 'environment_id', type: 'varchar', length: '64' },
          { name: 'policy_version', type: 'varchar', length: '200' },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'stop', type: 'varchar', length: '32' },
          { name: 'reward', type: 'double precision', isNullable: true },
          { name: 'turns', type: 'integer' },
          { name: 'calls', type: 'integer' },
          { name: 'wall_ms', type: 'double precision' },
          { name: 'record', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        indices: [
          new TableIndex({ name: 'ix_rollout_episodes_group', columnNames: ['job_id', 'group_index'] }),
          new TableIndex({ name: 'ix_rollout_episodes_created', columnNames: ['created_at', 'id'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'rollout_groups',
        columns: [
          { name: 'id', type: 'varchar', length: '220', isPrimary: true },
          { name: 'job_id', type: 'varchar', length: '200' },
          { name: 'group_index', type: 'integer' },
          { name: 'environment_id', type: 'varchar', length: '64' },
          { name: 'policy_version', type: 'varchar', length: '200' },
          { name: 'env_set_key', type: 'varchar', length: '64' },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'rewards', type: 'text' },
          { name: 'mean', type: 'double precision' },
          { name: 'std', type: 'double precision' },
          { name: 'handed_to', type: 'varchar', length: '200', isNullable: true },
          { name: 'handed_order', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        indices: [
          new TableIndex({ name: 'ix_rollout_groups_job', columnNames: ['job_id', 'group_index'] }),
          new TableIndex({ name: 'ix_rollout_groups_buffer', columnNames: ['policy_version', 'state', 'handed_to'] }),
          new TableIndex({ name: 'ix_rollout_groups_handed', columnNames: ['handed_to', 'handed_order'] }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('rollout_groups', true);
    await runner.dropTable('rollout_episodes', true);
  }
}
