import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

const ALREADY_EXISTS = new Set(['42P06', '23505']);

/** Creates the PostgreSQL schema when it is missing (tolerating a concurrent creator). */
export async function ensurePostgresSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    const code = error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : '';
    if (!ALREADY_EXISTS.has(code)) throw error;
  } finally {
    await client.end();
  }
}

/** Drops a PostgreSQL schema and everything in it. */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Creates the PostgreSQL schema if needed, then initializes the DataSource (which runs pending migrations). */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  if (options.type === 'postgres' && options.schema !== undefined && options.url !== undefined) {
    await ensurePostgresSchema(options.url, options.schema);
  }
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  return dataSource;
}
