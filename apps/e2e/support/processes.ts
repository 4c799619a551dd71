import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ServiceProcess as BaseServiceProcess } from '@astra/testing';
import { E2E } from './e2e.config';

/** A service of this repository as its own process, with the e2e base environment under `env`. */
export class ServiceProcess extends BaseServiceProcess {
  constructor(name: string, env: Record<string, string>) {
    super(name, { ...E2E.baseEnv(), ...env }, E2E.root);
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
