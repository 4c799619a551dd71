/** NATS server that integration and end-to-end tests use: NATS_URL, else the local nats-server. */
export function testNatsUrl(): string {
  return process.env['NATS_URL'] || 'nats://127.0.0.1:4222';
}
