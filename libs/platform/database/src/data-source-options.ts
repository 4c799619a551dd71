import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { CreateProcessedMessage1767225600000 } from './inbox/create-processed-message.migration';
import { ProcessedMessage } from './inbox/processed-message.entity';

type Entities = NonNullable<DataSourceOptions['entities']>;
type Migrations = NonNullable<DataSourceOptions['migrations']>;

/** The inbox's entity and migration; buildDataSourceOptions adds them unless `inbox: false`. */
export const inboxEntities = [ProcessedMessage];
export const inboxMigrations = [CreateProcessedMessage1767225600000];

export interface DatabaseOptionsInput {
  /** Service name: the SQLite file name and the PostgreSQL application_name. */
  service: string;
  /** postgres:// URL; when absent the service uses SQLite. */
  databaseUrl?: string;
  /** Folder of the SQLite file (created when missing). */
  dataDir: string;
  entities: Entities;
  /** Hand-written migrations that run on both databases; they run at initialize. */
  migrations: Migrations;
  /** PostgreSQL schema (created when missing by openDataSource); tests use one each. */
  schema?: string;
  /** Adds the idempotency inbox's entity and migration; default true. */
  inbox?: boolean;
  /** TypeORM query logging; default off. */
  logging?: boolean;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** TypeORM options: SQLite at <dataDir>/<service>.sqlite (WAL, busy timeout), or PostgreSQL when databaseUrl is set. */
export function buildDataSourceOptions(input: DatabaseOptionsInput): DataSourceOptions {
  const withInbox = input.inbox !== false;
  const common = {
    entities: withInbox ? unique([...asArray(input.entities), ...inboxEntities]) : input.entities,
    migrations: withInbox ? unique([...asArray(input.migrations), ...inboxMigrations]) : input.migrations,
    migrationsRun: true,
    synchronize: false,
    logging: input.logging ?? false,
  } as const;
  if (input.databaseUrl !== undefined) {
    if (input.schema !== undefined && !SCHEMA_NAME.test(input.schema)) {
      throw new Error(`invalid PostgreSQL schema name "${input.schema}"`);
    }
    return {
      ...common,
      type: 'postgres',
      url: input.databaseUrl,
      applicationName: input.service,
      ...(input.schema === undefined
        ? {}
        : // search_path makes raw SQL in migrations land in the schema too, not only entity queries.
          { schema: input.schema, extra: { options: `-c search_path=${input.schema}` } }),
    };
  }
  const dataDir = resolve(input.dataDir);
  mkdirSync(dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: join(dataDir, `${input.service}.sqlite`),
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
  };
}

/** The database variables of a service's configuration (databaseEnv of @astra/platform/config). */
export interface DatabaseEnv {
  readonly DATABASE_URL?: string | undefined;
  readonly ASTRA_DATA_DIR: string;
}

/** The TypeORM options of `service` from its configuration: the one place DATABASE_URL and ASTRA_DATA_DIR are mapped. */
export function serviceDatabaseOptions(
  service: string,
  env: DatabaseEnv,
  tables: Pick<DatabaseOptionsInput, 'entities' | 'migrations'>,
): DataSourceOptions {
  return buildDataSourceOptions({ service, databaseUrl: env.DATABASE_URL, dataDir: env.ASTRA_DATA_DIR, ...tables });
}

/** Which database the options point at. */
export function databaseKind(options: DataSourceOptions): 'sqlite' | 'postgres' {
  if (options.type === 'postgres') return 'postgres';
  if (options.type === 'better-sqlite3' || options.type === 'sqlite') return 'sqlite';
  throw new Error(`unsupported database type ${options.type}`);
}

function asArray<T>(list: T[] | Record<string, T>): T[] {
  return Array.isArray(list) ? list : Object.values(list);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
