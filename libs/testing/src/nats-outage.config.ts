/** How long the NATS outage tests keep their own nats-server down (the promise is a minute; shorten it for local runs). */
export const NATS_OUTAGE_MS = Number(process.env['NATS_OUTAGE_MS'] ?? 60_000);
