import { Inject, Injectable } from '@nestjs/common';
import {
  type AcceptanceRule,
  type AgentKind,
  BusError,
  type ExecutorKind,
  JudgedTrajectorySchema,
  type OfferedTool,
  type TaskRecord,
  type TrajectoryRecord,
  type TrajectorySynthesisRequest,
} from '@astra/contracts';
import { AGENTS, type AgentRun, type Agents } from '../agents/agent';
import { type ExecutorSession, TOOL_EXECUTORS, type ToolExecutors } from '../executors/tool-executor';
import { TRAJECTORY_JUDGE, type TrajectoryJudge } from './trajectory-judge';

/** One trajectory to make: its task, id, seed, executor and agent. */
export interface TrajectorySlot {
  readonly task: TaskRecord;
  readonly id: string;
  readonly seed: number;
  readonly executor: ExecutorKind;
  readonly agent: AgentKind;
}

type Solved = { run: AgentRun; tools: readonly OfferedTool[] };

/**
 * Makes one trajectory: opens the executor's session, lets the agent solve the task, closes the session, and judges
 * the conversation. A fault of the executor or agent is recorded as an `infrastructure` stop, rejected; a retryable
 * BusError (the verifier or NATS down) and any judge fault are thrown, so the job retries instead of storing a pass.
 */
@Injectable()
export class TrajectoryMaker {
  constructor(
    @Inject(TOOL_EXECUTORS) private readonly executors: ToolExecutors,
    @Inject(AGENTS) private readonly agents: Agents,
    @Inject(TRAJECTORY_JUDGE) private readonly judge: TrajectoryJudge,
  ) {}

  async make(slot: TrajectorySlot, request: TrajectorySynthesisRequest): Promise<TrajectoryRecord> {
    const startedAt = new Date();
    const solved = await this.solve(slot, request);
    const record: TrajectoryRecord = {
      id: slot.id,
      jobId: request.jobId,
      taskId: slot.task.id,
      executor: slot.executor,
      agent: { kind: slot.agent, ...(solved.run.model !== undefined ? { model: solved.run.model } : {}) },
      detours: solved.run.detours,
      tools: [...solved.tools],
      messages: solved.run.messages,
      calls: solved.run.calls,
      finalAnswer: solved.run.finalAnswer,
      stop: solved.run.stop,
      ...(solved.run.error ? { error: solved.run.error } : {}),
      verdict: solved.run.stop === 'infrastructure' ? 'rejected' : 'unjudged',
      timings: {
        startedAt: startedAt.toISOString(),
        wallMs: Date.now() - startedAt.getTime(),
        modelMs: solved.run.modelMs,
        toolMs: solved.run.toolMs,
      },
    };
    if (!request.judge || record.stop === 'infrastructure') return record;
    return this.judged(record, slot.task, request.acceptance);
  }

  /** The record with the judge's verdict; what the judge cannot read is rejected, a judge fault is thrown. */
  async judged(record: TrajectoryRecord, task: Pick<TaskRecord, 'question'>, acceptance: AcceptanceRule): Promise<TrajectoryRecord> {
    if (record.stop === 'infrastructure') return { ...record, verdict: 'rejected' };
    const judged = JudgedTrajectorySchema.safeParse({ question: task.question, tools: record.tools, messages: record.messages });
    if (!judged.success) {
      const issue = judged.error.issues[0];
      const message = `the judge cannot read this trajectory: ${issue?.path.join('.')}: ${issue?.message}`;
      return { ...record, verdict: 'rejected', error: { code: 'VALIDATION_FAILED', message } };
    }
    const judgement = await this.judge.evaluate(judged.data, acceptance).catch((error: unknown) => {
      // Whatever the judge's fault, the job tries again (up to its last delivery, where it fails): never a pass.
      if (error instanceof BusError && error.retryable) throw error;
      throw new BusError('UNAVAILABLE', `the trajectory judge failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    return { ...record, judgement, verdict: judgement.accepted ? 'accepted' : 'rejected' };
  }

  private async solve(slot: TrajectorySlot, request: TrajectorySynthesisRequest): Promise<Solved> {
    let session: ExecutorSession | undefined;
    const started = Date.now();
    try {
      session = await this.executors[slot.executor].open(slot.task, { seed: slot.seed, failureRate: request.failureRate });
      const options = {
        maxModelCalls: request.maxModelCalls,
        timeLimitMs: request.timeLimitMs,
        detourRate: request.detourRate,
        seed: slot.seed,
      };
      const run = await this.agents[slot.agent].solve(slot.task, session, options);
      return { run, tools: session.tools };
    } catch (error) {
      if (error instanceof BusError && error.retryable) throw error;
      return { run: faultRun(slot.task, error, Date.now() - started), tools: session?.tools ?? [] };
    } finally {
      await session?.close().catch(() => undefined);
    }
  }
}

/** The run of a trajectory whose executor or agent failed: the question alone, stopped on infrastructure. */
function faultRun(task: TaskRecord, error: unknown, elapsedMs: number): AgentRun {
  const code = error instanceof BusError ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return {
    messages: [{ role: 'user', content: task.question }],
    calls: [],
    finalAnswer: '',
    stop: 'infrastructure',
    detours: [],
    modelMs: 0,
    toolMs: elapsedMs,
    error: { code, message },
  };
}
