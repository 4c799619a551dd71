/** How long the outage test keeps its own nats-server down (the issue asks for 60 s; shorten it for local runs). */
export const NATS_OUTAGE_MS = Number(process.env['NATS_OUTAGE_MS'] ?? 60_000);
