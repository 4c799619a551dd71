import type { AgentKind, TaskRecord, TrajectoryCall, TrajectoryStop, WireMessage } from '@astra/contracts';
import type { ExecutorSession } from '../executors/tool-executor';

/** Limits and randomness of one trajectory. */
export interface AgentOptions {
  readonly maxModelCalls: number;
  readonly timeLimitMs: number;
  /** Oracle: the chance of a realistic detour (a redundant call, a wrong first argument then recovery). */
  readonly detourRate: number;
  readonly seed: number;
}

/** What an agent made of a task: the OpenAI conversation (reasoning kept), its calls and how it stopped. */
export interface AgentRun {
  readonly messages: WireMessage[];
  readonly calls: TrajectoryCall[];
  readonly finalAnswer: string;
  readonly stop: TrajectoryStop;
  readonly detours: string[];
  readonly model?: string;
  readonly modelMs: number;
  readonly toolMs: number;
  readonly error?: { code: string; message: string };
}

/**
 * Solves a task with the session's tools: a model through the LLM client (parallel calls in one turn, a cap on model
 * calls, a wall-clock limit), or the oracle that executes the task's known plan for real.
 */
export interface Agent {
  readonly kind: AgentKind;
  solve(task: TaskRecord, session: ExecutorSession, options: AgentOptions): Promise<AgentRun>;
}

/** Injection token of the agents by kind (Record<AgentKind, Agent>). */
export const AGENTS = Symbol.for('astra.trajectory-synth.agents');
export type Agents = Readonly<Record<AgentKind, Agent>>;
