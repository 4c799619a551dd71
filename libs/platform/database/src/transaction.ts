import type { DataSource, EntityManager } from 'typeorm';

// TypeORM shares one connection per SQLite DataSource, so two concurrent transactions would interleave on it
// (the second becomes a savepoint of the first). Transactions on SQLite therefore run one at a time.
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

function isSqlite(dataSource: DataSource): boolean {
  const type = dataSource.options.type;
  return type === 'better-sqlite3' || type === 'sqlite';
}

/**
 * Runs `work` in one transaction and commits when it resolves, rolls back when it throws.
 * Use this rather than dataSource.transaction so that concurrent transactions are safe on SQLite too.
 * Do not nest it: do all the work with the manager it gives.
 */
export async function runInTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (!isSqlite(dataSource)) return dataSource.transaction(work);
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(() => dataSource.transaction(work));
  sqliteQueues.set(dataSource, current);
  try {
    return await current;
  } finally {
    if (sqliteQueues.get(dataSource) === current) sqliteQueues.delete(dataSource);
  }
}
