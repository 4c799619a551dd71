import { Inject, Injectable } from '@nestjs/common';
import {
  EnvironmentContentSchema,
  type EnvironmentContentInput,
  type EnvVerification,
  type QaScores,
  type SandboxResult,
  type ToolCheck,
} from '@astra/contracts';
import { judgeAnswerCall, judgeBadCall, loadChecks, planToolChecks, staticToolChecks } from '@astra/domain/environments';
import { MessageBus } from '@astra/platform/bus';
import { Traced } from '@astra/platform/telemetry';
import { ENV_COMPILER_CONFIG, type EnvCompilerConfig } from '../env-compiler.config';
import type { ToolVerifierPort } from '../synthesis/environment-strategy';

/** Memory of each check call: generous for a table lookup. */
const CHECK_MEMORY_MB = 256;

/**
 * Runs an environment's tool checks in the verifier's sandbox, in a session of its own: the tools load; each call
 * statement answers, the same way twice; each bad call fails with a clear error. Check outcomes are data; a sandbox
 * fault (the verifier unreachable, a worker lost) is thrown, so the unit is retried instead of failed.
 */
@Injectable()
export class SandboxToolVerifier implements ToolVerifierPort {
  private readonly limits: { timeMs: number; memoryMb: number };

  constructor(
    private readonly bus: MessageBus,
    @Inject(ENV_COMPILER_CONFIG) config: EnvCompilerConfig,
  ) {
    this.limits = { timeMs: config.ENV_CHECK_TIME_MS, memoryMb: CHECK_MEMORY_MB };
  }

  @Traced()
  async verify(input: EnvironmentContentInput, scores?: QaScores): Promise<EnvVerification> {
    const content = EnvironmentContentSchema.parse(input);
    const checks = staticToolChecks(content);
    const languages = new Set(content.tools.map((t) => t.language));
    if (languages.size > 1) {
      checks.push({ tool: '-', check: 'loads', passed: false, detail: 'the tools of one environment must share one language' });
    } else {
      checks.push(...(await this.runChecks(content)));
    }
    return {
      passed: checks.length > 0 && checks.every((c) => c.passed),
      checks,
      ...(scores ? { scores } : {}),
      checkedAt: new Date().toISOString(),
    };
  }

  private async runChecks(content: ReturnType<typeof EnvironmentContentSchema.parse>): Promise<ToolCheck[]> {
    const language = content.tools[0]?.language ?? 'python';
    const bundle = {
      language,
      ...(content.setup ? { setup: content.setup } : {}),
      tools: content.tools.map((t) => ({ name: t.name, code: t.code })),
    };
    const opened = await this.bus.request('sandbox.session.open', { bundle, limits: this.limits });
    const checks = loadChecks(
      content.tools.map((t) => t.name),
      opened.setup,
    );
    if (opened.setup.status !== 'ok') return checks;
    try {
      for (const call of planToolChecks(content)) {
        const result = await this.call(opened.sessionId, call.tool, call.arguments, call.kind === 'answers');
        if (call.kind === 'answers') checks.push(...judgeAnswerCall(call, result));
        else checks.push(judgeBadCall(call, result));
      }
    } finally {
      await this.bus.request('sandbox.session.close', { sessionId: opened.sessionId }).catch(() => undefined);
    }
    return checks;
  }

  private call(sessionId: string, tool: string, args: Record<string, unknown>, checkDeterminism: boolean): Promise<SandboxResult> {
    return this.bus.request('sandbox.tool.call', { sessionId, tool, arguments: args, limits: this.limits, checkDeterminism });
  }
}
