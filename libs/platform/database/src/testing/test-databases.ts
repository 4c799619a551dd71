import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { type DatabaseOptionsInput, buildDataSourceOptions } from '../data-source-options';
import { dropPostgresSchema, openDataSource } from '../open-data-source';
import { testPostgresUrl } from './test-database.config';

export type TestDatabaseKind = 'sqlite' | 'postgres';

/** One throwaway database for an integration test: a fresh SQLite dir or a fresh PostgreSQL schema. */
export interface TestDatabase {
  readonly name: TestDatabaseKind;
  /** Options for DatabaseModule.forRoot or openDataSource. */
  readonly options: DataSourceOptions;
  /** Opens (and migrates) a DataSource on it; cleanup destroys it. */
  open(): Promise<DataSource>;
  /** Destroys what open() returned and removes the dir or drops the schema. */
  cleanup(): Promise<void>;
}

export type TestDatabaseInput = Omit<DatabaseOptionsInput, 'service' | 'databaseUrl' | 'dataDir' | 'schema'> & {
  service?: string;
};

export const TEST_DATABASE_KINDS: readonly TestDatabaseKind[] = ['sqlite', 'postgres'];

/** A fresh database of one kind, isolated from every other test. */
export function createTestDatabase(kind: TestDatabaseKind, input: TestDatabaseInput): TestDatabase {
  const service = input.service ?? 'test';
  const { options, remove } = kind === 'sqlite' ? freshSqlite(service, input) : freshPostgres(service, input);
  const opened: DataSource[] = [];
  return {
    name: kind,
    options,
    async open() {
      const dataSource = await openDataSource(options);
      opened.push(dataSource);
      return dataSource;
    },
    async cleanup() {
      for (const dataSource of opened.splice(0)) if (dataSource.isInitialized) await dataSource.destroy();
      await remove();
    },
  };
}

interface Fresh {
  options: DataSourceOptions;
  remove: () => Promise<void>;
}

function freshSqlite(service: string, input: TestDatabaseInput): Fresh {
  const dataDir = mkdtempSync(join(tmpdir(), `astra-${service}-`));
  return {
    options: buildDataSourceOptions({ ...input, service, dataDir }),
    remove: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

function freshPostgres(service: string, input: TestDatabaseInput): Fresh {
  const url = testPostgresUrl();
  const prefix = `t_${service.toLowerCase().replace(/[^a-z0-9]/g, '_')}`.slice(0, 48);
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  return {
    options: buildDataSourceOptions({ ...input, service, dataDir: tmpdir(), databaseUrl: url, schema }),
    remove: () => dropPostgresSchema(url, schema),
  };
}

/** One fresh database of each kind, for `describe.each(createTestDatabases({...}))('on $name', (db) => ...)`. */
export function createTestDatabases(input: TestDatabaseInput): TestDatabase[] {
  return TEST_DATABASE_KINDS.map((kind) => createTestDatabase(kind, input));
}
