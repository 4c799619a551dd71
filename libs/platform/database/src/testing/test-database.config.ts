/** PostgreSQL that integration tests use: ASTRA_TEST_DATABASE_URL, else the local astra_test database. */
export function testPostgresUrl(): string {
  return process.env['ASTRA_TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/astra_test';
}
