import type { ConnectionOptions } from '@nats-io/nats-core';

/** How the bus retries after losing NATS (the connection, or a durable consumer's pull) and how soon it notices. */
export interface ReconnectPolicy {
  /** Wait after the first failed attempt; it doubles per failed attempt up to maxDelayMs. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Up to this much random delay is added to each wait, so services restarted together do not retry in lockstep. */
  readonly jitterMs: number;
  /** The client pings the server this often; maxPingOut pings without an answer mark it dead and start a reconnect. */
  readonly pingIntervalMs: number;
  readonly maxPingOut: number;
}

/** Retries forever: a NATS outage of any length ends with the service working again, never with a closed bus. */
export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 5_000,
  jitterMs: 500,
  // nats.js pings every 2 minutes by default: a server that vanished without closing the socket went unnoticed that long.
  pingIntervalMs: 5_000,
  maxPingOut: 3,
};

/** The wait before retry number `failures` (1-based): exponential, capped, plus jitter. */
export function retryDelayMs(policy: ReconnectPolicy, failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent) + Math.floor(random() * policy.jitterMs);
}

/**
 * The connection's reconnect backoff, stepped by its status events. nats.js asks for the delay before every dial and
 * again while it waits, so the answer changes only once per attempt (a fresh jitter per call would lengthen waits).
 */
export class ReconnectBackoff {
  private failures = 0;
  private current?: number;

  constructor(
    private readonly policy: ReconnectPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  delayMs(): number {
    this.current ??= retryDelayMs(this.policy, this.failures, this.random);
    return this.current;
  }

  /** A dial attempt started: the next wait is longer. */
  attempted(): void {
    this.failures += 1;
    this.current = undefined;
  }

  /** Connected again: the next outage starts from the shortest wait. */
  reset(): void {
    this.failures = 0;
    this.current = undefined;
  }
}

/** The nats.js options that make a connection reconnect forever with this backoff and notice a dead server. */
export function reconnectOptions(policy: ReconnectPolicy, backoff: ReconnectBackoff): Partial<ConnectionOptions> {
  return {
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectDelayHandler: () => backoff.delayMs(),
    pingInterval: policy.pingIntervalMs,
    maxPingOut: policy.maxPingOut,
  };
}
