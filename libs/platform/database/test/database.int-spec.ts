import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthChecks, HealthModule } from '@astra/platform/runtime';
// Test-only: the shared wait helper (platform code itself never imports @astra/testing).
import { waitFor } from '@astra/testing';
import { Column, DataSource, Entity, type MigrationInterface, PrimaryColumn, type QueryRunner, Table } from 'typeorm';
import { DatabaseModule, Inbox, ProcessedMessage, createTestDatabases, databaseKind, portableColumnTypes } from '../src';

@Entity({ name: 'inbox_note' })
class Note {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}

class CreateNote1767225600001 implements MigrationInterface {
  name = 'CreateNote1767225600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = portableColumnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'inbox_note',
        columns: [
          { name: 'id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'body', type: 'text' },
          { name: 'created_at', type: types.timestamp },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('inbox_note');
  }
}

const databases = createTestDatabases({ service: 'db-int', entities: [Note], migrations: [CreateNote1767225600001] });

describe.each(databases)('database on $name', (db) => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await db.open();
  });

  afterAll(() => db.cleanup());

  const addNote = (id: string) => (manager: DataSource['manager']) =>
    manager.insert(Note, { id, body: `note ${id}`, createdAt: new Date() }).then(() => id);

  it('runs the service migrations and the inbox migration once', async () => {
    expect(databaseKind(db.options)).toBe(db.name);
    const applied = await dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((row: { name: string }) => row.name)).toEqual(['CreateProcessedMessage1767225600000', 'CreateNote1767225600001']);
    const second = await db.open();
    expect(await second.showMigrations()).toBe(false);
    expect((await second.query('SELECT name FROM migrations')).length).toBe(2);
  });

  it('keeps PostgreSQL tables in the test schema, SQLite in WAL mode with a busy timeout', async () => {
    if (db.options.type === 'postgres') {
      const rows = await dataSource.query("SELECT table_schema FROM information_schema.tables WHERE table_name = 'processed_message'");
      expect(rows).toEqual([{ table_schema: db.options.schema }]);
    } else {
      expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: 10000 }]);
    }
  });

  it('runs the work and records the message, then skips a redelivery', async () => {
    const key = { consumer: 'notes', messageId: 'm-1' };
    expect(await Inbox.runOnce(dataSource, key, addNote('n-1'))).toEqual({ ran: true, result: 'n-1' });
    expect(await Inbox.runOnce(dataSource, key, addNote('n-1-again'))).toEqual({ ran: false });
    expect(await dataSource.getRepository(Note).count()).toBe(1);
    expect(await Inbox.isProcessed(dataSource, key)).toBe(true);
    const record = await dataSource.getRepository(ProcessedMessage).findOneByOrFail(key);
    expect(record.processedAt).toBeInstanceOf(Date);
    expect(await Inbox.runOnce(dataSource, { consumer: 'other', messageId: 'm-1' }, addNote('n-2'))).toMatchObject({
      ran: true,
    });
  });

  it('records nothing when the work fails, so a redelivery runs it again', async () => {
    const key = { consumer: 'notes', messageId: 'm-fail' };
    const failing = async (manager: DataSource['manager']) => {
      await addNote('n-fail')(manager);
      throw new Error('handler failed');
    };
    await expect(Inbox.runOnce(dataSource, key, failing)).rejects.toThrow('handler failed');
    expect(await Inbox.isProcessed(dataSource, key)).toBe(false);
    expect(await dataSource.getRepository(Note).findOneBy({ id: 'n-fail' })).toBeNull();
    expect(await Inbox.runOnce(dataSource, key, addNote('n-fail'))).toEqual({ ran: true, result: 'n-fail' });
  });

  it('does not treat a unique violation inside the work as a duplicate message', async () => {
    await expect(Inbox.runOnce(dataSource, { consumer: 'notes', messageId: 'm-dup-note' }, addNote('n-1'))).rejects.toThrow();
    expect(await Inbox.isProcessed(dataSource, { consumer: 'notes', messageId: 'm-dup-note' })).toBe(false);
  });

  it('runs the work once for concurrent duplicates', async () => {
    const key = { consumer: 'notes', messageId: 'm-concurrent' };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const work = async (manager: DataSource['manager']) => {
      started += 1;
      await gate;
      return addNote(`n-concurrent-${started}`)(manager);
    };
    const attempts = [1, 2, 3].map(() => Inbox.runOnce(dataSource, key, work));
    await waitFor(() => started === 1, { what: 'the first attempt to start its work' });
    if (db.options.type === 'postgres') {
      // The duplicates really are concurrent: they wait on the first transaction's key.
      await waitFor(
        async () => {
          const rows = await dataSource.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'db-int' AND wait_event_type = 'Lock'",
          );
          return rows[0].n === 2;
        },
        { what: 'two duplicates blocked on the inbox key' },
      );
    }
    release();
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(started).toBe(1);
    expect(await dataSource.getRepository(Note).countBy({ id: 'n-concurrent-1' })).toBe(1);
  });

  it('serves a global DataSource with a database readiness check and destroys it on close', async () => {
    @Module({ imports: [HealthModule, DatabaseModule.forRoot(db.options)] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const fromModule = app.get(DataSource);
    expect(fromModule.isInitialized).toBe(true);
    const report = await app.get(HealthChecks).run();
    expect(report).toMatchObject({ ready: true, checks: { database: 'up' } });
    await app.close();
    expect(fromModule.isInitialized).toBe(false);
  });
});
