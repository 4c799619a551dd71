import { BusError, type EnvironmentBundle, type EnvironmentRecord, type OfferedTool, type TaskRecord } from '@astra/contracts';
import { observeResult } from '@astra/domain/rollouts';
import { MessageBus } from '@astra/platform/bus';
import { environmentTools } from '../task-tools';
import type { ExecutedCall, ExecutorSession, ToolExecutor } from '../tool-executor';

/** Each compiled tool call's time limit in the sandbox. */
export const COMPILED_CALL_TIME_MS = 10_000;
/** Beyond the tool's own limit, what a call may wait on the bus (a busy verifier queues it). */
const CALL_MARGIN_MS = 10_000;

/** The sandbox bundle of an environment: its tools in the language of the first, and its setup. */
export function environmentBundle(environment: EnvironmentRecord): EnvironmentBundle {
  const language = environment.tools[0]?.language ?? 'python';
  const tools = environment.tools.filter((t) => t.language === language).map((t) => ({ name: t.name, code: t.code }));
  return { language, ...(environment.setup ? { setup: environment.setup } : {}), tools };
}

/** A sandbox result as the agent sees it (observeResult): ok, error, or timeout (a time or memory limit). */
export function executedFromSandbox(result: Parameters<typeof observeResult>[0]): ExecutedCall {
  const observed = observeResult(result);
  const status = observed.status === 'ok' ? 'ok' : observed.status === 'error' ? 'error' : 'timeout';
  return { status, result: observed.observation };
}

/** Where environment records come from (env-compiler over the bus; a hand-made record in tests). */
export type EnvironmentSource = (id: string) => Promise<EnvironmentRecord>;

/**
 * Compiled environments: env-compiler's tools run in a verifier session per trajectory (sandbox.session.* RPCs), so
 * each call sees the state earlier calls left. A verifier fault throws (the trajectory fails as infrastructure).
 */
export class CompiledToolExecutor implements ToolExecutor {
  readonly kind = 'compiled' as const;

  private readonly environment: EnvironmentSource;

  constructor(
    private readonly bus: MessageBus,
    private readonly timeMs = COMPILED_CALL_TIME_MS,
    environment?: EnvironmentSource,
  ) {
    this.environment = environment ?? (async (id) => (await this.bus.request('env-compiler.environment.show', { id })).environment);
  }

  async open(task: TaskRecord): Promise<ExecutorSession> {
    if (task.source.kind !== 'environment') {
      throw new BusError(
        'VALIDATION_FAILED',
        `task ${task.id.slice(0, 12)} has no environment: run it with the mcp or simulated executor`,
        {
          retryable: false,
        },
      );
    }
    const environment = await this.environment(task.source.environmentId);
    const wait = { timeoutMs: this.timeMs + CALL_MARGIN_MS };
    const opened = await this.bus.request(
      'sandbox.session.open',
      { bundle: environmentBundle(environment), limits: { timeMs: this.timeMs } },
      wait,
    );
    if (opened.setup.status !== 'ok') {
      await this.bus.request('sandbox.session.close', { sessionId: opened.sessionId }).catch(() => undefined);
      throw new BusError('SANDBOX_FAULT', `the environment's setup ended ${opened.setup.status} in the sandbox`, { retryable: false });
    }
    return new CompiledSession(this.bus, opened.sessionId, environmentTools(environment), this.timeMs);
  }
}

class CompiledSession implements ExecutorSession {
  private readonly names: ReadonlySet<string>;

  constructor(
    private readonly bus: MessageBus,
    private readonly sessionId: string,
    readonly tools: readonly OfferedTool[],
    private readonly timeMs: number,
  ) {
    this.names = new Set(tools.map((t) => t.function.name));
  }

  async call(name: string, args: Record<string, unknown>): Promise<ExecutedCall> {
    if (!this.names.has(name)) return { status: 'unknown-tool', result: `Error: there is no tool named ${JSON.stringify(name)}` };
    const result = await this.bus.request(
      'sandbox.tool.call',
      { sessionId: this.sessionId, tool: name, arguments: args, limits: { timeMs: this.timeMs } },
      { timeoutMs: this.timeMs + CALL_MARGIN_MS },
    );
    return executedFromSandbox(result);
  }

  async close(): Promise<void> {
    await this.bus.request('sandbox.session.close', { sessionId: this.sessionId }).catch(() => undefined);
  }
}
