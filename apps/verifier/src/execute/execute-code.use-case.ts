import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, SandboxResult } from '@astra/contracts';
import { sameOutcome } from '../sandbox/sandbox-result';
import { SandboxRunner } from '../sandbox/sandbox-runner';
import { resolveDeterminism, resolveLimits } from '../sandbox/sandbox-settings';

export type ExecuteCodeInput = PayloadOf<Registry, 'sandbox.code.execute'>;

/** Runs a snippet in a fresh namespace of a warm worker; with checkDeterminism, runs it twice and compares. */
@Injectable()
export class ExecuteCodeUseCase {
  constructor(private readonly runner: SandboxRunner) {}

  async execute(input: ExecuteCodeInput): Promise<SandboxResult> {
    const limits = resolveLimits(this.runner.defaults, input.limits);
    const determinism = resolveDeterminism(input.determinism);
    const body = { type: 'run' as const, code: input.code, stdin: input.stdin ?? '' };
    const once = async () => {
      const { ref: _ref, lost: _lost, ...result } = await this.runner.run(input.language, body, limits, { determinism });
      return result;
    };
    const first = await once();
    if (!input.checkDeterminism) return first;
    const second = await once();
    return { ...first, deterministic: sameOutcome(first, second) };
  }
}
