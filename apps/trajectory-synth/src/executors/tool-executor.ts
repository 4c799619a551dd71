import type { ExecutorKind, OfferedTool, TaskRecord, TrajectoryCallStatus } from '@astra/contracts';

/** What one call gave the agent: its status and the tool message's content. */
export interface ExecutedCall {
  readonly status: TrajectoryCallStatus;
  readonly result: string;
}

/**
 * One trajectory's tools: an isolated instance (a fresh MCP server process for a stateful server, a verifier session
 * for an environment, a simulator state) that lives until close(). A tool failure is an ExecutedCall; a fault of
 * the executor itself (a server that died, the verifier unreachable) throws a BusError.
 */
export interface ExecutorSession {
  readonly tools: readonly OfferedTool[];
  call(name: string, args: Record<string, unknown>): Promise<ExecutedCall>;
  close(): Promise<void>;
}

/** Options of one trajectory's session. */
export interface SessionOptions {
  readonly seed: number;
  /** Simulated tools: the chance that a call fails on purpose (timeout, error, empty result). */
  readonly failureRate: number;
}

/** Runs a task's tool calls: real MCP servers, an environment's compiled tools, or simulated tools. */
export interface ToolExecutor {
  readonly kind: ExecutorKind;
  open(task: TaskRecord, options: SessionOptions): Promise<ExecutorSession>;
}

/** Injection token of the executors by kind (Record<ExecutorKind, ToolExecutor>). */
export const TOOL_EXECUTORS = Symbol.for('astra.trajectory-synth.tool-executors');
export type ToolExecutors = Readonly<Record<ExecutorKind, ToolExecutor>>;
