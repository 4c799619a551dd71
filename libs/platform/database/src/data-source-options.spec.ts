import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceDatabaseOptions } from './data-source-options';
import { ProcessedMessage } from './inbox/processed-message.entity';

describe('serviceDatabaseOptions', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'astra-db-options-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses PostgreSQL at DATABASE_URL, named after the service', () => {
    const options = serviceDatabaseOptions(
      'env-compiler',
      { DATABASE_URL: 'postgres://u@db:5432/astra', ASTRA_DATA_DIR: dataDir },
      { entities: [], migrations: [] },
    );
    expect(options).toMatchObject({
      type: 'postgres',
      url: 'postgres://u@db:5432/astra',
      applicationName: 'env-compiler',
      migrationsRun: true,
      synchronize: false,
    });
  });

  it('uses SQLite in ASTRA_DATA_DIR without DATABASE_URL, with the inbox table beside the service tables', () => {
    const options = serviceDatabaseOptions('env-compiler', { ASTRA_DATA_DIR: dataDir }, { entities: [], migrations: [] });
    expect(options).toMatchObject({ type: 'better-sqlite3', database: join(dataDir, 'env-compiler.sqlite') });
    expect(options.entities).toEqual([ProcessedMessage]);
  });
});
