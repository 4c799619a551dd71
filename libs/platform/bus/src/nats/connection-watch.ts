import type { NatsConnection, Status } from '@nats-io/nats-core';
import type { ServiceName } from '@astra/contracts';
import type { BusLog } from '../bus.types';
import type { ReconnectBackoff } from './reconnect-policy';

/** Every this many failed attempts, an outage is logged again at warn (each attempt is a debug line). */
const WARN_EVERY_ATTEMPTS = 12;

/**
 * Follows a NATS connection through its status events: whether it is up, since when it is down, how many reconnect
 * attempts failed. Logs each change (server address only: nats.js reports host:port, never credentials), steps the
 * reconnect backoff, and tells the bus when the connection is back.
 */
export class ConnectionWatch {
  private up = true;
  private closed = false;
  private closing = false;
  private downSince = 0;
  private attempts = 0;

  constructor(
    private readonly service: ServiceName,
    private readonly log: BusLog,
    private readonly backoff: ReconnectBackoff,
    private readonly onReconnect: () => void,
  ) {}

  /** Starts following `nc` (call right after connecting). */
  watch(nc: NatsConnection): void {
    void (async () => {
      for await (const status of nc.status()) this.apply(status);
    })();
    void nc.closed().then((error) => {
      this.up = false;
      this.closed = true;
      // With unlimited reconnects only close() or a refused login (twice) ends the connection.
      if (!this.closing) {
        this.log.error({ service: this.service, error: error?.message }, 'NATS connection closed; the bus will not reconnect');
      }
    });
  }

  /** The bus is closing the connection itself: not an outage. */
  markClosing(): void {
    this.closing = true;
  }

  get connected(): boolean {
    return this.up && !this.closed;
  }

  /** Why the connection cannot be used right now; undefined while it is up. */
  problem(): string | undefined {
    if (this.closed) return 'the NATS connection is closed';
    if (this.up) return undefined;
    const seconds = Math.round((Date.now() - this.downSince) / 1000);
    return `the NATS connection is down (for ${seconds} s, ${this.attempts} reconnect attempts so far)`;
  }

  private apply(status: Status): void {
    switch (status.type) {
      case 'disconnect':
        this.up = false;
        this.downSince = Date.now();
        this.attempts = 0;
        this.log.warn({ service: this.service, server: status.server }, 'NATS connection lost; reconnecting');
        return;
      case 'reconnecting':
        this.backoff.attempted();
        this.attempts += 1;
        this.logAttempt();
        return;
      case 'reconnect':
        this.up = true;
        this.backoff.reset();
        this.log.info(
          { service: this.service, server: status.server, downMs: Date.now() - this.downSince, attempts: this.attempts },
          'NATS connection restored',
        );
        this.onReconnect();
        return;
      case 'staleConnection':
        this.log.warn({ service: this.service }, 'NATS server stopped answering pings; reconnecting');
        return;
      case 'ldm':
        this.log.warn({ service: this.service, server: status.server }, 'NATS server is shutting down (lame duck mode)');
        return;
      default:
        return;
    }
  }

  private logAttempt(): void {
    const fields = { service: this.service, attempt: this.attempts, downMs: Date.now() - this.downSince };
    if (this.attempts % WARN_EVERY_ATTEMPTS === 0) this.log.warn(fields, 'NATS still unreachable; reconnecting');
    else this.log.debug(fields, 'NATS reconnect attempt');
  }
}
