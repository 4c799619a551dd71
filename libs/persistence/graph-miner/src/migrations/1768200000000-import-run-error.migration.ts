import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Why an import failed, as { code, message }: the job runner records the fault of an import's last delivery here,
 * so the import ends as failed with its reason instead of staying running. Runs stored before keep null.
 */
export class ImportRunError1768200000000 implements MigrationInterface {
  name = 'ImportRunError1768200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('catalog_import_runs', new TableColumn({ name: 'error', type: 'text', isNullable: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('catalog_import_runs', 'error');
  }
}
