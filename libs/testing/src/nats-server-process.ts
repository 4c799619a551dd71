import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export interface NatsServerOptions {
  /** The text of a configuration file (authorization, TLS...), given the folder the server keeps its files in. */
  readonly config?: (dir: string) => string;
}

/**
 * A nats-server with JetStream that a test owns: it can kill it mid-work and start it again on the same port and
 * store directory, as an outage looks to the services (the shared server on 4222 must stay up for other tests).
 */
export class NatsServerProcess {
  private child?: ChildProcess;
  private exit?: Promise<void>;
  private output = '';

  private constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly config?: (dir: string) => string,
  ) {}

  /** Starts a server on a free port of 127.0.0.1 with a fresh store directory. */
  static async start(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
    const server = await NatsServerProcess.create(options);
    await server.start();
    return server;
  }

  /** A server not started yet, so a test can put files (certificates, keys) in its storeDir first. */
  static async create(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
    return new NatsServerProcess(await freePort(), mkdtempSync(join(tmpdir(), 'astra-nats-')), options.config);
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts the server (again), on the same port and store, and waits until it accepts clients. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.child) return;
    this.output = '';
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir];
    if (this.config) {
      const file = join(this.storeDir, 'nats-server.conf');
      writeFileSync(file, this.config(this.storeDir), { mode: 0o600 });
      args.push('-c', file);
    }
    const child = spawn('nats-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let exited: string | undefined;
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        exited = `code ${code}, signal ${signal}`;
        resolve();
      });
      child.once('error', (error) => {
        exited = error.message;
        resolve();
      });
    });
    const keep = (chunk: Buffer): void => void (this.output += chunk.toString());
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.child = child;
    await waitFor(
      () => {
        if (exited) throw new Error(`nats-server exited (${exited}): ${this.output.slice(-2000)}`);
        return this.output.includes('Server is ready');
      },
      { timeoutMs, intervalMs: 20, what: `nats-server on port ${this.port} to be ready` },
    );
  }

  /** Stops the server (SIGKILL by default: a crash, no goodbye to clients) and waits until the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(signal);
    await this.exit;
    this.child = undefined;
  }

  /** Stops the server and deletes its store. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
