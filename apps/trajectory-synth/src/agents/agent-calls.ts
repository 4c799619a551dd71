import { BusError, type TrajectoryCall, type WireMessage } from '@astra/contracts';
import type { ExecutedCall, ExecutorSession } from '../executors/tool-executor';
import type { AgentClock } from './agent-clock';

/** A call an agent issues in a turn; `arguments` is null when the model's JSON did not parse (`error` says why). */
export interface IssuedCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: Record<string, unknown> | null;
  readonly error?: string;
}

/** What a turn's calls gave: the call records and tool messages in call order, or the executor's fault. */
export interface TurnOutcome {
  readonly calls: TrajectoryCall[];
  readonly messages: WireMessage[];
  readonly toolMs: number;
  readonly fault?: { code: string; message: string };
}

/**
 * Runs a turn's calls at once through the session. An unknown tool or unparsed arguments become observations
 * without a call; an executor fault (a thrown error) is returned with the calls that did finish. A retryable BusError
 * (NATS or the verifier unreachable for a moment) is thrown once every call has settled: it is no fault of this
 * trajectory, so the job retries it instead of storing it as an infrastructure stop that a resumed job would skip.
 */
export async function runTurnCalls(
  session: ExecutorSession,
  issued: readonly IssuedCall[],
  turn: number,
  clock: AgentClock,
): Promise<TurnOutcome> {
  const offered = new Set(session.tools.map((t) => t.function.name));
  const started = clock.now();
  const settled = await Promise.allSettled(issued.map((call) => runOne(session, call, offered, clock)));
  const transient = settled.flatMap((o) =>
    o.status === 'rejected' && o.reason instanceof BusError && o.reason.retryable ? [o.reason] : [],
  );
  if (transient[0]) throw transient[0];
  const calls: TrajectoryCall[] = [];
  const messages: WireMessage[] = [];
  let fault: TurnOutcome['fault'];
  settled.forEach((outcome, i) => {
    const call = issued[i];
    if (call === undefined) return;
    if (outcome.status === 'rejected') {
      fault ??= faultOf(outcome.reason);
      return;
    }
    const { executed, durationMs } = outcome.value;
    calls.push({
      id: call.id,
      turn,
      tool: call.name,
      arguments: call.arguments,
      status: executed.status,
      result: executed.result,
      durationMs,
    });
    messages.push({ role: 'tool', tool_call_id: call.id, content: executed.result });
  });
  return { calls, messages, toolMs: Math.max(0, clock.now() - started), ...(fault ? { fault } : {}) };
}

async function runOne(
  session: ExecutorSession,
  call: IssuedCall,
  offered: ReadonlySet<string>,
  clock: AgentClock,
): Promise<{ executed: ExecutedCall; durationMs: number }> {
  if (!offered.has(call.name)) {
    const names = [...offered].join(', ');
    return { executed: { status: 'unknown-tool', result: `Error: unknown tool "${call.name}"; the tools are: ${names}` }, durationMs: 0 };
  }
  if (call.arguments === null) {
    const why = call.error ?? 'not a JSON object';
    return { executed: { status: 'invalid-arguments', result: `Error: invalid arguments for ${call.name}: ${why}` }, durationMs: 0 };
  }
  const started = clock.now();
  const executed = await session.call(call.name, call.arguments);
  return { executed, durationMs: Math.max(0, clock.now() - started) };
}

/** The code and message of a fault that ended a trajectory (an executor or LLM error that outlived its retries). */
export function faultOf(error: unknown): { code: string; message: string } {
  if (error instanceof BusError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
