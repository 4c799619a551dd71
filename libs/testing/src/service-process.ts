import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './wait-for';

/** A service started as its own process, with its output kept for assertions and failure messages. */
export class ServiceProcess {
  output = '';
  private exited?: { code: number | null; signal: NodeJS.Signals | null };
  private readonly child: ChildProcess;

  /** Starts apps/<name>/src/main.ts of the repository at `root` with exactly the environment `env`. */
  constructor(
    readonly name: string,
    env: Record<string, string>,
    root: string,
  ) {
    const main = join(root, 'apps', name, 'src', 'main.ts');
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', main], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.on('exit', (code, signal) => (this.exited = { code, signal }));
  }

  /** The HTTP base URL, once the service has logged that it listens. */
  async url(timeoutMs = 60_000): Promise<string> {
    return waitFor(
      () => {
        if (this.exited) throw new Error(`${this.name} exited (${JSON.stringify(this.exited)}):\n${this.output.slice(-3000)}`);
        const match = /listening on (http:\/\/\S+?)"/.exec(this.output);
        // A service on every interface logs the unspecified address ([::] or 0.0.0.0); the tests reach it on loopback.
        return match?.[1]?.replace(/^http:\/\/(\[::1?\]|0\.0\.0\.0):/, 'http://127.0.0.1:');
      },
      { timeoutMs, intervalMs: 100, what: `${this.name} to listen` },
    );
  }

  /** Waits until GET /readyz answers 200. */
  async ready(timeoutMs = 60_000): Promise<string> {
    const url = await this.url(timeoutMs);
    await waitFor(async () => (await fetch(`${url}/readyz`)).ok, { timeoutMs, intervalMs: 100, what: `${this.name} /readyz` });
    return url;
  }

  /** Sends SIGTERM and resolves with how the process ended. */
  async stop(timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exited) this.child.kill('SIGTERM');
    return waitFor(() => this.exited, { timeoutMs, intervalMs: 50, what: `${this.name} to exit after SIGTERM` });
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
