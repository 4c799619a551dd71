import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@astra/testing';

/** nats-server as tools/ensure-infra.sh installs it (Debian puts it in /usr/sbin), else from PATH. */
function natsServerBinary(): string {
  return existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * A nats-server of a test's own, with JetStream and the given configuration (authorization, TLS) on a free loopback
 * port; `start()` resolves once it logs that it is ready, `stop()` ends it and removes its files.
 */
export class OwnNatsServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'astra-nats-'));
  port = 0;
  output = '';
  private child?: ChildProcess;
  private exited = false;

  /** `config` is the server's configuration file, or a function of the server's folder that writes one. */
  constructor(private readonly config: string | ((dir: string) => string)) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** A file in the server's folder (certificates, seeds, creds). */
  file(name: string, content: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  }

  async start(): Promise<this> {
    this.port = await freePort();
    const conf = this.file('server.conf', typeof this.config === 'string' ? this.config : this.config(this.dir));
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', join(this.dir, 'js'), '-c', conf];
    const child = spawn(natsServerBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.on('exit', () => (this.exited = true));
    child.on('error', (error) => {
      this.exited = true;
      this.output += `\n${error.message}`;
    });
    await waitFor(
      () => {
        if (this.exited) throw new Error(`nats-server exited:\n${this.output}`);
        return this.output.includes('Server is ready');
      },
      { timeoutMs: 20_000, intervalMs: 20, what: 'nats-server to be ready' },
    );
    return this;
  }

  async stop(): Promise<void> {
    if (this.child && !this.exited) {
      this.child.kill('SIGTERM');
      await waitFor(() => this.exited, { timeoutMs: 10_000, intervalMs: 20, what: 'nats-server to exit' });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
