import type { SandboxLanguage, SandboxLimits, SandboxResult } from '@astra/contracts';
import { SandboxRunner } from './sandbox-runner';
import { DEFAULT_DETERMINISM, resolveLimits, type SandboxSettings } from './sandbox-settings';

/** Small pools and short limits for tests (real Pyodide and QuickJS workers). */
export const TEST_SANDBOX_SETTINGS: SandboxSettings = {
  pythonWorkers: 1,
  javascriptWorkers: 1,
  defaults: { timeMs: 2_000, memoryMb: 64, outputBytes: 64 * 1024 },
  killGraceMs: 300,
  startTimeoutMs: 120_000,
  maxQueue: 10_000,
  maxResultBytes: 512 * 1024,
};

export function createTestRunner(overrides: Partial<SandboxSettings> = {}): SandboxRunner {
  return new SandboxRunner({ ...TEST_SANDBOX_SETTINGS, ...overrides });
}

/** Runs a snippet the way the execute use case does, without a determinism check. */
export async function runSnippet(
  runner: SandboxRunner,
  language: SandboxLanguage,
  code: string,
  limits?: SandboxLimits,
): Promise<SandboxResult> {
  const {
    ref: _ref,
    lost: _lost,
    ...result
  } = await runner.run(language, { type: 'run', code, stdin: '' }, resolveLimits(runner.defaults, limits), {
    determinism: DEFAULT_DETERMINISM,
  });
  return result;
}
