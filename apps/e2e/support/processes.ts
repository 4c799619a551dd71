import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '@astra/testing';
import { E2E } from './e2e.config';

/** A service started as its own process, with its output kept for assertions and failure messages. */
export class ServiceProcess {
  output = '';
  private exited?: { code: number | null; signal: NodeJS.Signals | null };
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    env: Record<string, string>,
  ) {
    const main = join(E2E.root, 'apps', name, 'src', 'main.ts');
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', main], {
      cwd: E2E.root,
      env: { ...E2E.baseEnv(), ...env },
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

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs tools/bin/astra with `args` and the given environment. */
export function astra(args: readonly string[], env: Record<string, string>, timeoutMs = 180_000): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(
      join(E2E.root, 'tools', 'bin', 'astra'),
      [...args],
      { cwd: E2E.root, env: { ...E2E.baseEnv(), ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}
