import type { QueryRunner } from 'typeorm';

/** Column types for hand-written migrations that must run on both SQLite and PostgreSQL. */
export interface PortableColumnTypes {
  /** An instant: timestamptz on PostgreSQL, datetime on SQLite. Entities use @Column/@CreateDateColumn with a Date. */
  readonly timestamp: string;
  /** Bytes: bytea on PostgreSQL, blob on SQLite. */
  readonly binary: string;
  /** JSON held as text on both (entities use 'simple-json'); text keeps reads identical on both databases. */
  readonly json: string;
}

/** The portable column types for the database a migration runs on. */
export function portableColumnTypes(queryRunner: QueryRunner): PortableColumnTypes {
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  return {
    timestamp: postgres ? 'timestamptz' : 'datetime',
    binary: postgres ? 'bytea' : 'blob',
    json: 'text',
  };
}
