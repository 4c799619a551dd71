export * from './data-source-options';
export * from './database.module';
export * from './database-fault';
export * from './inbox/create-processed-message.migration';
export * from './inbox/inbox';
export * from './inbox/processed-message.entity';
export * from './open-data-source';
export * from './portable-column-types';
export * from './transaction';
// Test helpers: fresh SQLite dirs and PostgreSQL schemas for integration tests.
export * from './testing/test-databases';
