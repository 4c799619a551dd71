import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { portableColumnTypes } from '../portable-column-types';

/** Creates the idempotency inbox table; written with the Table API so it runs on SQLite and PostgreSQL alike. */
export class CreateProcessedMessage1767225600000 implements MigrationInterface {
  name = 'CreateProcessedMessage1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = portableColumnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'processed_message',
        columns: [
          { name: 'consumer', type: 'varchar', length: '200', isPrimary: true },
          { name: 'message_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'processed_at', type: types.timestamp, default: 'CURRENT_TIMESTAMP', isNullable: false },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('processed_message', true);
  }
}
