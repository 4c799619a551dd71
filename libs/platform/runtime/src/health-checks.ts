import { Injectable } from '@nestjs/common';

/** A readiness check: passes when it resolves to anything but `false`, fails when it rejects or returns `false`. */
export type HealthCheck = () => Promise<unknown> | unknown;

export interface HealthReport {
  readonly ready: boolean;
  /** Check name -> 'up' | 'down'. */
  readonly checks: Readonly<Record<string, 'up' | 'down'>>;
  /** Names of the failing checks, sorted. */
  readonly failing: readonly string[];
  /** Why each failing check failed. */
  readonly errors: Readonly<Record<string, string>>;
}

const DEFAULT_TIMEOUT_MS = 3_000;

/** The registry of readiness checks; modules add theirs (bus connected, database `select 1`) at init. */
@Injectable()
export class HealthChecks {
  private readonly checks = new Map<string, { check: HealthCheck; timeoutMs: number }>();

  /** Adds or replaces the check called `name`. */
  register(name: string, check: HealthCheck, options: { timeoutMs?: number } = {}): void {
    this.checks.set(name, { check, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  names(): string[] {
    return [...this.checks.keys()].sort();
  }

  /** Runs every check concurrently; a check that does not settle within its timeout fails. */
  async run(): Promise<HealthReport> {
    const entries = [...this.checks.entries()];
    const outcomes = await Promise.all(entries.map(([, entry]) => settle(entry.check, entry.timeoutMs)));
    const checks: Record<string, 'up' | 'down'> = {};
    const errors: Record<string, string> = {};
    entries.forEach(([name], index) => {
      const failure = outcomes[index];
      checks[name] = failure === undefined ? 'up' : 'down';
      if (failure !== undefined) errors[name] = failure;
    });
    const failing = Object.keys(errors).sort();
    return { ready: failing.length === 0, checks, failing, errors };
  }
}

/** Resolves to undefined when the check passes, else to the reason it failed. */
async function settle(check: HealthCheck, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
    timer.unref();
  });
  const attempt = (async () => {
    try {
      return (await check()) === false ? 'check returned false' : undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  })();
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
