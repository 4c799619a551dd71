import { BusError, type OfferedTool, type TaskRecord } from '@astra/contracts';
import { type LlmClient, requestStructured, requireLlmRole } from '@astra/platform/llm';
import type { TaskToolLookup } from '../task-tools';
import type { ExecutedCall, ExecutorSession, SessionOptions, ToolExecutor } from '../tool-executor';
import { injectedCall, injectedFailure } from './failure-injection';
import { resultText, type SimulatedCall, SimulatorAnswerSchema, simulatorRequest } from './simulator-prompt';

/** The LLM role that plays the tools. */
export const TOOL_SIMULATOR_ROLE = 'tool_simulator';

/**
 * Tools simulated by the tool_simulator role, with explicit state (every earlier call and its result go back into each
 * prompt) and seeded failure injection at options.failureRate, so trajectories learn recovery.
 */
export class SimulatedToolExecutor implements ToolExecutor {
  readonly kind = 'simulated' as const;

  constructor(
    private readonly lookup: TaskToolLookup,
    private readonly llm: LlmClient | null,
  ) {}

  async open(task: TaskRecord, options: SessionOptions): Promise<ExecutorSession> {
    const { client } = requireLlmRole(this.llm, 'trajectory-synth', 'simulated tools', TOOL_SIMULATOR_ROLE);
    const tools = await this.lookup.toolsFor(task);
    return new SimulatedSession(client, tools, options, task.id);
  }
}

class SimulatedSession implements ExecutorSession {
  private readonly history: SimulatedCall[] = [];
  private readonly byName: ReadonlyMap<string, OfferedTool>;
  private calls = 0;

  constructor(
    private readonly client: LlmClient,
    readonly tools: readonly OfferedTool[],
    private readonly options: SessionOptions,
    private readonly taskId: string,
  ) {
    this.byName = new Map(tools.map((t) => [t.function.name, t]));
  }

  async call(name: string, args: Record<string, unknown>): Promise<ExecutedCall> {
    const index = this.calls++;
    const tool = this.byName.get(name);
    if (!tool) return { status: 'unknown-tool', result: `Error: there is no tool named ${JSON.stringify(name)}` };
    const failure = injectedFailure(this.options.seed, index, this.options.failureRate);
    // The history is taken before the call: parallel calls of one turn see the same state, as real ones would.
    const history = [...this.history];
    const executed = failure ? injectedCall(failure) : await this.simulate(tool, history, args);
    this.history.push({ tool: name, arguments: args, result: executed.result });
    return executed;
  }

  async close(): Promise<void> {
    this.history.length = 0;
  }

  private async simulate(tool: OfferedTool, history: readonly SimulatedCall[], args: Record<string, unknown>): Promise<ExecutedCall> {
    const request = simulatorRequest(tool, history, args);
    const chat = (r: typeof request) => this.client.chat(TOOL_SIMULATOR_ROLE, r, { runId: this.taskId, stage: 'tool-simulator' });
    try {
      const { value } = await requestStructured(chat, SimulatorAnswerSchema, request);
      const result = value.result;
      const failed = typeof result === 'object' && result !== null && !Array.isArray(result) && 'error' in result;
      return { status: failed ? 'error' : 'ok', result: resultText(result) };
    } catch (error) {
      if (error instanceof BusError && error.code === 'LLM_OUTPUT_INVALID') {
        return { status: 'error', result: `Error: the simulated tool gave no usable answer (${error.message})` };
      }
      throw error; // an API failure is the executor's fault, not the tool's answer
    }
  }
}
