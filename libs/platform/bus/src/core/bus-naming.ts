const NAMESPACE = /^[A-Za-z0-9_-]+$/;

/**
 * Names of everything the bus creates on the NATS server. A namespace prefixes every subject, stream, consumer and
 * bucket, so several deployments or test runs share one server without seeing each other.
 */
export class BusNaming {
  constructor(readonly namespace?: string) {
    if (namespace !== undefined && !NAMESPACE.test(namespace)) {
      throw new Error(`bus namespace "${namespace}" may contain only letters, digits, "_" and "-"`);
    }
  }

  /** A registry subject (or wildcard) as it travels on this namespace. */
  subject(subject: string): string {
    return this.namespace ? `${this.namespace}.${subject}` : subject;
  }

  stream(name: string): string {
    return this.prefixed(name);
  }

  /** Durable consumer name: one per key for commands (shared by replicas), one per (service, key) for events. */
  consumer(kind: 'event' | 'command', key: string, service: string): string {
    const base = kind === 'command' ? `cmd_${key}` : `evt_${service}_${key}`;
    return this.prefixed(base.replace(/[^A-Za-z0-9_-]/g, '_'));
  }

  bucket(name: string): string {
    return this.prefixed(name);
  }

  private prefixed(name: string): string {
    return this.namespace ? `${this.namespace}_${name}` : name;
  }
}
