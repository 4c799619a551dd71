import type { NatsServerProcess } from './nats-server-process';
import { waitFor } from './wait-for';

/** How long the NATS outage tests keep their own nats-server down (the promise is a minute; shorten it for local runs). */
export const NATS_OUTAGE_MS = Number(process.env['NATS_OUTAGE_MS'] ?? 60_000);

/**
 * Stops `nats`, waits for `readiness` to drop, runs `whileDown` (checks against the dead connection), keeps NATS down
 * for `outageMs` while reading readiness every 500 ms, then starts it again and waits for readiness to return. The
 * outage is the one wait of fixed length. Answers every readiness report read during the outage.
 */
export async function rideNatsOutage<R extends { ready: boolean }>(
  nats: NatsServerProcess,
  readiness: () => Promise<R>,
  options: { outageMs?: number; whileDown?: () => Promise<void> } = {},
): Promise<R[]> {
  const outageMs = options.outageMs ?? NATS_OUTAGE_MS;
  await nats.stop();
  await waitFor(async () => !(await readiness()).ready, { timeoutMs: 10_000, intervalMs: 50, what: 'readiness to drop when NATS dies' });
  await options.whileDown?.();
  const outageEnds = Date.now() + outageMs;
  const readDuringOutage: R[] = [];
  await waitFor(
    async () => {
      readDuringOutage.push(await readiness());
      return Date.now() >= outageEnds;
    },
    { timeoutMs: outageMs + 10_000, intervalMs: 500, what: 'the outage to last its length' },
  );
  await nats.start();
  await waitFor(async () => (await readiness()).ready, { timeoutMs: 30_000, intervalMs: 100, what: 'readiness once NATS is back' });
  return readDuringOutage;
}
