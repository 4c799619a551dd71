// The two baselines of the env-compiler benchmark, measured in the same run as the job they are compared with:
// kb generation alone (in-process, no sandbox) and the raw sandbox calls that the job's checks are made of.
import {
  EnvironmentContentSchema,
  type EnvironmentContent,
  type EnvironmentContentInput,
  type SandboxLimits,
  type ToolCheck,
} from '@astra/contracts';
import {
  generateKbEnvironment,
  judgeAnswerCall,
  judgeBadCall,
  planToolChecks,
  unitSeed,
  type PlannedCall,
} from '@astra/domain/environments';
import type { KnowledgeBase } from '@astra/domain/environments';
import type { MessageBus } from '@astra/platform/bus';

/** The job's request defaults that generation alone must match (hops 1..4, every knowledge area). */
export const KB_HOPS = { min: 1, max: 4 } as const;

export interface GenerationFigures {
  readonly units: number;
  readonly made: number;
  readonly seconds: number;
  /** Environments made per second (the median of the rounds). */
  readonly envPerS: number;
  readonly contents: readonly EnvironmentContent[];
}

/** generateKbEnvironment for `units` units of `seed`, as the kb strategy calls it, in `rounds` rounds; the median round counts. */
export function measureGeneration(kb: KnowledgeBase, units: number, seed: number, rounds: number): GenerationFigures {
  const runs: Array<{ seconds: number; contents: EnvironmentContent[] }> = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const made: EnvironmentContentInput[] = [];
    for (let index = 0; index < units; index++) {
      const result = generateKbEnvironment(kb, { seed: unitSeed(seed, index), index, hops: KB_HOPS });
      if (result.ok) made.push(result.content);
    }
    const seconds = (performance.now() - started) / 1000;
    // Parsed outside the timed loop: the job parses too, but that is the pipeline's cost, not generation's.
    runs.push({ seconds, contents: made.map((c) => EnvironmentContentSchema.parse(c)) });
  }
  runs.sort((a, b) => a.seconds - b.seconds);
  const median = runs[Math.floor(runs.length / 2)];
  if (!median) throw new Error('no generation round ran');
  return {
    units,
    made: median.contents.length,
    seconds: median.seconds,
    envPerS: median.contents.length / median.seconds,
    contents: median.contents,
  };
}

export interface RawCallFigures {
  readonly calls: number;
  /** Checks the calls amount to, judged as the verifier judges them (an answer call is two: answers, deterministic). */
  readonly checks: number;
  readonly failedChecks: number;
  readonly seconds: number;
  readonly callsPerS: number;
  readonly checksPerS: number;
}

/** An environment's open session and the calls its checks make, in the verifier's order. */
interface SessionCalls {
  readonly sessionId: string;
  readonly calls: readonly PlannedCall[];
}

/**
 * The floor cost of the job's checks: the very calls SandboxToolVerifier makes for `contents` (same arguments, limits
 * and determinism check), as raw `sandbox.tool.call` RPCs. Environments go in batches of `lanes` (the job's unit
 * concurrency): a session each, opened untimed, then their calls timed, each session one call at a time, then closed.
 * Sessions are fresh and few at once, as in the job: a determinism check replays the session's earlier calls, and
 * many open sessions make every call dearer. Opening and closing is part of what the job's overhead is measured for.
 */
export async function measureRawCalls(
  bus: MessageBus,
  contents: readonly EnvironmentContent[],
  opts: { lanes: number; limits: SandboxLimits },
): Promise<RawCallFigures> {
  const batches: RawCallFigures[] = [];
  for (let from = 0; from < contents.length; from += opts.lanes) {
    batches.push(await batch(bus, contents.slice(from, from + opts.lanes), opts));
  }
  return pooled(batches);
}

/** Figures of several raw runs as one: their calls and checks over their summed time. */
export function pooled(runs: readonly RawCallFigures[]): RawCallFigures {
  const sum = (pick: (f: RawCallFigures) => number): number => runs.reduce((n, f) => n + pick(f), 0);
  const seconds = sum((f) => f.seconds);
  return {
    calls: sum((f) => f.calls),
    checks: sum((f) => f.checks),
    failedChecks: sum((f) => f.failedChecks),
    seconds,
    callsPerS: sum((f) => f.calls) / seconds,
    checksPerS: sum((f) => f.checks) / seconds,
  };
}

/** One environment per lane: sessions opened, calls timed, sessions closed. */
async function batch(
  bus: MessageBus,
  contents: readonly EnvironmentContent[],
  opts: { lanes: number; limits: SandboxLimits },
): Promise<RawCallFigures> {
  const sessions: SessionCalls[] = [];
  try {
    await inLanes(contents, opts.lanes, async (content) => {
      const bundle = {
        language: content.tools[0]?.language ?? 'python',
        tools: content.tools.map((t) => ({ name: t.name, code: t.code })),
      };
      const opened = await bus.request('sandbox.session.open', { bundle, limits: opts.limits });
      sessions.push({ sessionId: opened.sessionId, calls: planToolChecks(content) });
      if (opened.setup.status !== 'ok') throw new Error(`a kb environment did not load: ${JSON.stringify(opened.setup)}`);
    });
    return await timedCalls(bus, sessions, opts);
  } finally {
    await inLanes(sessions, opts.lanes, ({ sessionId }) => bus.request('sandbox.session.close', { sessionId }).catch(() => undefined));
  }
}

/** Runs `work` over `items`, `lanes` at a time. */
async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

async function timedCalls(
  bus: MessageBus,
  sessions: readonly SessionCalls[],
  opts: { lanes: number; limits: SandboxLimits },
): Promise<RawCallFigures> {
  const checks: ToolCheck[] = [];
  let calls = 0;
  const started = performance.now();
  await inLanes(sessions, opts.lanes, async ({ sessionId, calls: planned }) => {
    for (const call of planned) {
      calls += 1;
      const result = await bus.request('sandbox.tool.call', {
        sessionId,
        tool: call.tool,
        arguments: call.arguments,
        limits: opts.limits,
        checkDeterminism: call.kind === 'answers',
      });
      if (call.kind === 'answers') checks.push(...judgeAnswerCall(call, result));
      else checks.push(judgeBadCall(call, result));
    }
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    calls,
    checks: checks.length,
    failedChecks: checks.filter((c) => !c.passed).length,
    seconds,
    callsPerS: calls / seconds,
    checksPerS: checks.length / seconds,
  };
}
