import { Inject, Injectable } from '@nestjs/common';
import type { TaskRecord, TrajectoryCall, TrajectoryStop, WireMessage } from '@astra/contracts';
import { type ChatMessage, type ChatResult, type LlmClient, requireLlmRole } from '@astra/platform/llm';
import type { ExecutorSession } from '../executors/tool-executor';
import { TRAJECTORY_LLM_CLIENT as AGENT_LLM_CLIENT } from '../llm/traj-llm';
import type { Agent, AgentOptions, AgentRun } from './agent';
import { AGENT_CLOCK, type AgentClock } from './agent-clock';
import { faultOf, type IssuedCall, runTurnCalls } from './agent-calls';

/** The LLM role the model agent asks. */
export const AGENT_LLM_ROLE = 'agent';

/** The shared LLM client token, under the name the agent's tests use. */
export { AGENT_LLM_CLIENT };

interface RunState {
  readonly messages: WireMessage[];
  readonly calls: TrajectoryCall[];
  model: string;
  modelMs: number;
  toolMs: number;
}

/**
 * The model agent: the task's question as the only user turn, then model turns through the `agent` role with the
 * session's tools until the model answers without calls, the model-call cap, the wall-clock limit, or a fault.
 */
@Injectable()
export class ModelAgent implements Agent {
  readonly kind = 'model' as const;

  constructor(
    @Inject(AGENT_LLM_CLIENT) private readonly client: LlmClient | null,
    @Inject(AGENT_CLOCK) private readonly clock: AgentClock,
  ) {}

  async solve(task: TaskRecord, session: ExecutorSession, options: AgentOptions): Promise<AgentRun> {
    const { client, model } = requireLlmRole(this.client, 'trajectory-synth', 'the model agent', AGENT_LLM_ROLE);
    const state: RunState = { messages: [{ role: 'user', content: task.question }], calls: [], model, modelMs: 0, toolMs: 0 };
    const started = this.clock.now();
    for (let turn = 0; ; turn += 1) {
      if (turn >= options.maxModelCalls) return finish(state, 'call-cap');
      if (this.clock.now() - started >= options.timeLimitMs) return finish(state, 'time-limit');
      const reply = await this.ask(client, state, session, task);
      if ('fault' in reply) return finish(state, 'infrastructure', '', reply.fault);
      const issued = this.record(state, reply.result);
      if (issued.length === 0) return finish(state, 'answered', reply.result.content);
      const outcome = await runTurnCalls(session, issued, turn, this.clock);
      state.calls.push(...outcome.calls);
      state.messages.push(...outcome.messages);
      state.toolMs += outcome.toolMs;
      if (outcome.fault) return finish(state, 'infrastructure', '', outcome.fault);
    }
  }

  private async ask(
    client: LlmClient,
    state: RunState,
    session: ExecutorSession,
    task: TaskRecord,
  ): Promise<{ result: ChatResult } | { fault: { code: string; message: string } }> {
    const started = this.clock.now();
    try {
      // Reasoning stays in the record but is not sent back: chat templates drop it, and some servers refuse it.
      const messages = state.messages.map(withoutReasoning);
      const result = await client.chat(AGENT_LLM_ROLE, { messages, tools: [...session.tools] }, { runId: task.id, stage: 'agent' });
      return { result };
    } catch (error) {
      return { fault: faultOf(error) };
    } finally {
      state.modelMs += Math.max(0, this.clock.now() - started);
    }
  }

  /** Appends the assistant turn (reasoning kept, call ids unique in the trajectory) and returns its calls. */
  private record(state: RunState, result: ChatResult): IssuedCall[] {
    state.model = result.model || state.model;
    const used = new Set(state.calls.map((c) => c.id));
    const turn = state.messages.filter((m) => m.role === 'assistant').length;
    const issued = result.toolCalls.map((call, i) => {
      const id = call.id !== '' && !used.has(call.id) ? call.id : `call_${turn}_${i}`;
      used.add(id);
      return { id, name: call.name, arguments: call.arguments, ...(call.error ? { error: call.error } : {}), raw: call.rawArguments };
    });
    state.messages.push({
      role: 'assistant',
      content: issued.length > 0 && result.content === '' ? null : result.content,
      ...(issued.length > 0
        ? { tool_calls: issued.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.raw } })) }
        : {}),
      ...(result.reasoning !== null ? { reasoning_content: result.reasoning } : {}),
    });
    return issued;
  }
}

function withoutReasoning(message: WireMessage): ChatMessage {
  const { reasoning_content: _reasoning, ...rest } = message;
  return rest as ChatMessage;
}

function finish(state: RunState, stop: TrajectoryStop, finalAnswer = '', error?: { code: string; message: string }): AgentRun {
  return {
    messages: state.messages,
    calls: state.calls,
    finalAnswer,
    stop,
    detours: [],
    model: state.model,
    modelMs: state.modelMs,
    toolMs: state.toolMs,
    ...(error ? { error } : {}),
  };
}
