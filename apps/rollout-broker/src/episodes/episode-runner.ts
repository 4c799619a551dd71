import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import {
  BusError,
  type EpisodeRecord,
  type EpisodeStop,
  type EpisodeTurn,
  type OfferedTool,
  type ToolCallRecord,
  type WireMessage,
} from '@astra/contracts';
import {
  invalidArgumentsObservation,
  callLimitObservation,
  observeResult,
  offeredTool,
  scoreTrajectory,
  seededShuffle,
  unknownToolObservation,
  type Observation,
  type ScoredCall,
} from '@astra/domain/rollouts';
import type { ToolCall } from '@astra/platform/llm';
import { Traced } from '@astra/platform/telemetry';
import { EPISODE_SANDBOX, type EpisodeSandboxPort, type EpisodeSession } from './episode-sandbox';
import { EpisodeMetrics } from './episode-metrics';
import type { DistractorTool, EpisodeInput, EpisodeRunnerPort, PolicyTurn } from './episode.types';

/** What one episode accumulates while it runs. */
interface EpisodeState {
  readonly input: EpisodeInput;
  readonly session: EpisodeSession;
  readonly tools: OfferedTool[];
  /** Offered names; the distractor each one is, when it is one. */
  readonly offered: Map<string, DistractorTool | undefined>;
  readonly messages: WireMessage[];
  readonly turns: EpisodeTurn[];
  readonly calls: ToolCallRecord[];
  outputTokens: number;
  policyMs: number;
  toolMs: number;
}

/** A fault that ends the episode as failed-infrastructure. */
class InfrastructureStop extends Error {
  constructor(readonly error: BusError) {
    super(error.message);
    this.name = 'InfrastructureStop';
  }
}

/**
 * Runs one episode: policy turns and their tool calls (concurrent within a turn) in one sandbox session, until the
 * policy answers without calls, the turns or the token budget run out; then the trajectory reward. A fault of the
 * sandbox or the policy endpoint that outlived its retries makes the episode failed-infrastructure, never a 0.
 */
@Injectable()
export class EpisodeRunner implements EpisodeRunnerPort {
  constructor(
    @Inject(EPISODE_SANDBOX) private readonly sandbox: EpisodeSandboxPort,
    private readonly metrics: EpisodeMetrics,
  ) {}

  @Traced()
  async run(input: EpisodeInput, signal?: AbortSignal): Promise<EpisodeRecord> {
    const startedAt = new Date().toISOString();
    const start = performance.now();
    const state = this.initialState(input);
    let stop: EpisodeStop;
    let failure: BusError | undefined;
    try {
      stop = await this.loop(state, signal);
    } catch (error) {
      if (!(error instanceof InfrastructureStop)) throw error;
      stop = 'infrastructure';
      failure = error.error;
    } finally {
      await state.session.close();
    }
    const record = this.record(state, stop, failure, { startedAt, wallMs: performance.now() - start });
    this.metrics.episode(record);
    return record;
  }

  private initialState(input: EpisodeInput): EpisodeState {
    const offered = new Map<string, DistractorTool | undefined>();
    const entries: OfferedTool[] = [];
    for (const t of input.environment.tools) {
      offered.set(t.name, undefined);
      entries.push(offeredTool(t));
    }
    for (const d of input.distractors) {
      if (offered.has(d.tool.name)) continue;
      offered.set(d.tool.name, d);
      entries.push(offeredTool(d.tool));
    }
    return {
      input,
      session: this.sandbox.open(input.environment, input.distractors),
      tools: seededShuffle(entries, input.seed),
      offered,
      messages: [{ role: 'user', content: input.environment.prompt }],
      turns: [],
      calls: [],
      outputTokens: 0,
      policyMs: 0,
      toolMs: 0,
    };
  }

  private async loop(state: EpisodeState, signal: AbortSignal | undefined): Promise<EpisodeStop> {
    const { limits } = state.input;
    for (let turn = 0; turn < limits.maxTurns; turn++) {
      signal?.throwIfAborted();
      if (state.outputTokens >= limits.maxTokens) return 'token-budget';
      const reply = await this.policyTurn(state, turn);
      const ids = reply.toolCalls.map((c) => c.id);
      state.turns.push(turnRecord(turn, reply, ids));
      state.messages.push(reply.message);
      if (reply.toolCalls.length === 0) return 'answered';
      const started = performance.now();
      const records = await Promise.all(
        reply.toolCalls.map((c, i) =>
          i < limits.maxCallsPerTurn ? this.toolCall(state, turn, c) : Promise.resolve(skippedCall(state, turn, c)),
        ),
      );
      state.toolMs += performance.now() - started;
      for (const r of records) {
        state.calls.push(r);
        state.messages.push({ role: 'tool', content: r.observation, tool_call_id: r.id });
      }
    }
    return 'turn-cap';
  }

  private async policyTurn(state: EpisodeState, turn: number): Promise<PolicyTurn> {
    const { input } = state;
    const started = performance.now();
    try {
      const reply = await input.policy.turn({
        messages: state.messages,
        tools: state.tools,
        environment: input.environment,
        episodeSeed: input.seed,
        turn,
        history: state.calls.map(scored),
        tokensLeft: input.limits.maxTokens - state.outputTokens,
      });
      state.outputTokens += reply.usage.outputTokens;
      this.metrics.turn(input.policy.spec.kind, reply.latencyMs);
      return reply;
    } catch (error) {
      throw new InfrastructureStop(BusError.from(error));
    } finally {
      state.policyMs += performance.now() - started;
    }
  }

  private async toolCall(state: EpisodeState, turn: number, call: ToolCall): Promise<ToolCallRecord> {
    const started = performance.now();
    const distractor = state.offered.get(call.name) !== undefined;
    let observation: Observation;
    if (!state.offered.has(call.name)) observation = unknownToolObservation(call.name);
    else if (call.arguments === null) observation = invalidArgumentsObservation(call.error ?? 'the arguments are not a JSON object');
    else {
      try {
        observation = observeResult(await state.session.call(call.name, call.arguments, state.input.limits.toolTimeMs));
      } catch (error) {
        throw new InfrastructureStop(BusError.from(error));
      }
    }
    return {
      id: call.id,
      turn,
      tool: call.name,
      arguments: call.arguments,
      rawArguments: call.rawArguments,
      distractor,
      ...observation,
      durationMs: performance.now() - started,
    };
  }

  private record(
    state: EpisodeState,
    stop: EpisodeStop,
    failure: BusError | undefined,
    time: { startedAt: string; wallMs: number },
  ): EpisodeRecord {
    const { input } = state;
    const spec = input.policy.spec;
    const lastContent = state.turns.at(-1)?.content ?? '';
    return {
      id: input.episodeId,
      jobId: input.jobId,
      groupIndex: input.groupIndex,
      sample: input.sample,
      environmentId: input.environment.id,
      policy: { kind: spec.kind, ...(spec.kind === 'endpoint' ? { model: spec.model } : {}), version: spec.version },
      seed: input.seed,
      status: failure ? 'failed-infrastructure' : 'completed',
      stop,
      ...(failure ? { error: { code: failure.code, message: failure.message } } : {}),
      tools: state.tools,
      distractors: [...state.offered].flatMap(([name, d]) => (d ? [{ name, environmentId: d.environmentId, band: d.band }] : [])),
      messages: state.messages,
      turns: state.turns,
      calls: state.calls,
      ...(failure ? {} : { reward: scoreTrajectory(input.environment, state.calls.map(scored), lastContent, input.reward) }),
      timings: { ...time, policyMs: state.policyMs, toolMs: state.toolMs },
    };
  }
}

/** A call beyond the turn's limit: recorded with an error observation, never sent to the sandbox. */
function skippedCall(state: EpisodeState, turn: number, call: ToolCall): ToolCallRecord {
  const { id, name, rawArguments } = call;
  const observation = callLimitObservation(state.input.limits.maxCallsPerTurn);
  const distractor = state.offered.get(name) !== undefined;
  return { id, turn, tool: name, arguments: call.arguments, rawArguments, distractor, ...observation, skipped: true, durationMs: 0 };
}

function scored(c: ToolCallRecord): ScoredCall {
  return { id: c.id, tool: c.tool, arguments: c.arguments, status: c.status, resultText: c.resultText };
}

function turnRecord(index: number, reply: PolicyTurn, callIds: string[]): EpisodeTurn {
  return {
    index,
    content: reply.content,
    reasoning: reply.reasoning,
    callIds,
    finishReason: reply.finishReason,
    usage: { ...reply.usage },
    latencyMs: reply.latencyMs,
    ...(reply.tokens ? { tokens: reply.tokens } : {}),
  };
}
