import { randomUUID } from 'node:crypto';
import { BusError } from '@astra/contracts';
import { busAuthFromEnv, NatsBus, printableServers } from '@astra/platform/bus';
import { ConfigError } from '@astra/platform/config';
import type { CliConfig } from './cli.config';

/** Thrown for bad command-line input: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What every command gets: configuration, output streams, its run and a bus connected on first use. */
export class CliContext {
  private connected?: Promise<NatsBus>;
  private runId?: string;
  private loaded?: CliConfig;

  /** `loadConfig` runs on first use, so `astra --help` neither parses the environment nor loads zod. */
  constructor(
    private readonly loadConfig: () => CliConfig,
    readonly out: NodeJS.WritableStream = process.stdout,
    readonly err: NodeJS.WritableStream = process.stderr,
  ) {}

  /** The configuration; an invalid environment is a usage error (exit code 2) listing every problem. */
  get config(): CliConfig {
    this.loaded ??= usageOnConfigError(this.loadConfig);
    return this.loaded;
  }

  /** Fixes the run this invocation's messages belong to: `requested` (--run-id), else ASTRA_RUN_ID, else a new id. */
  startRun(requested?: string): string {
    this.runId ??= requested ?? this.config.ASTRA_RUN_ID ?? randomUUID();
    return this.runId;
  }

  /** The bus, connected once; the CLI talks to the services over NATS only. Every message carries the run id. */
  bus(): Promise<NatsBus> {
    if (this.connected) return this.connected;
    const { NATS_URL, ASTRA_NAMESPACE } = this.config;
    const auth = usageOnConfigError(() => busAuthFromEnv(this.config, { requireCredentials: false }));
    // A client: it uses the streams the services created and never creates (or re-creates) one itself.
    this.connected = new NatsBus({
      service: 'cli',
      servers: NATS_URL,
      namespace: ASTRA_NAMESPACE,
      runId: this.startRun(),
      createStreams: false,
      ...auth,
    })
      .connect()
      .catch((error: unknown) => {
        // The bus says which server refused or could not be reached, without credentials.
        if (error instanceof BusError) throw error;
        throw new BusError(
          'UNAVAILABLE',
          `cannot reach NATS at ${printableServers([NATS_URL])}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    return this.connected;
  }

  print(line = ''): void {
    this.out.write(`${line}\n`);
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    const bus = await this.connected.catch(() => undefined);
    await bus?.close();
  }
}

/** Runs `read`; an invalid environment is a usage error (exit code 2) listing every problem. */
function usageOnConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof ConfigError ? new UsageError(error.message) : error;
  }
}

/** One line that says what went wrong, with a hint where one helps. */
export function describeFailure(error: unknown): string {
  if (error instanceof UsageError) return `error: ${error.message}`;
  if (error instanceof BusError) {
    const hint = error.code === 'NO_RESPONDERS' ? ' (is the service that answers it running on this NATS server and namespace?)' : '';
    return `error: ${error.code}: ${error.message}${hint}`;
  }
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}
