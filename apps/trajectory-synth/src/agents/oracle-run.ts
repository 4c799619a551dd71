import type { PlanStep, TaskPlan, TaskRecord, TrajectoryCall, TrajectoryCallStatus, TrajectoryStop, WireMessage } from '@astra/contracts';
import {
  answerReasoning,
  bindStepArguments,
  chooseDetour,
  describeDetour,
  type DetourChoice,
  oracleAnswer,
  readySteps,
  recoveryReasoning,
  redundantReasoning,
  retryReasoning,
  type SpoiledArguments,
  spoilFirstArgument,
  stepAttempts,
  type StepOutcome,
  turnReasoning,
  type TurnStep,
} from '@astra/domain/trajectories';
import type { ExecutorSession } from '../executors/tool-executor';
import type { AgentOptions, AgentRun } from './agent';
import type { AgentClock } from './agent-clock';
import { type IssuedCall, runTurnCalls } from './agent-calls';

type Fault = { code: string; message: string };
/** Where the trajectory's wrong-argument detour stands: not yet, spoiled call made (with what the tool said), or over. */
type SpoilState =
  { phase: 'pending' } | { phase: 'seen'; spoil: SpoiledArguments; status: TrajectoryCallStatus; result: string } | { phase: 'over' };
/** Why a call of a turn was made: its step, a spoiled first try, or the redundant repeat. */
type CallRole = { step: PlanStep; arguments: Record<string, unknown>; kind: 'step' | 'spoiled' | 'redundant'; spoil?: SpoiledArguments };

/**
 * One oracle trajectory: turns of ready plan steps (parallel within a turn) executed for real through the session,
 * templated reasoning before each turn, the answer from the actual outputs, and at most one seeded detour.
 */
export class OracleRun {
  private readonly messages: WireMessage[];
  private readonly calls: TrajectoryCall[] = [];
  private readonly outcomes = new Map<string, StepOutcome>();
  private readonly done = new Set<string>();
  private readonly detours: string[] = [];
  private readonly attempts = new Map<string, number>();
  /** Steps whose last call failed and will be made again, with what the tool said. */
  private readonly failures = new Map<string, { status: TrajectoryCallStatus; result: string }>();
  private readonly detour: DetourChoice | null;
  private spoil: SpoilState = { phase: 'pending' };
  private redundantIssued = false;
  private toolMs = 0;

  constructor(
    private readonly task: TaskRecord,
    private readonly plan: TaskPlan,
    private readonly session: ExecutorSession,
    private readonly options: AgentOptions,
    private readonly clock: AgentClock,
  ) {
    this.messages = [{ role: 'user', content: task.question }];
    this.detour = chooseDetour(plan, options.detourRate, options.seed);
  }

  async execute(): Promise<AgentRun> {
    const started = this.clock.now();
    for (let turn = 0; ; turn += 1) {
      const roles = this.nextCalls();
      if (roles === null) break;
      if ('fault' in roles) return this.finish('infrastructure', '', roles.fault);
      if (this.clock.now() - started >= this.options.timeLimitMs) return this.finish('time-limit', '');
      const fault = await this.turn(roles, turn);
      if (fault) return this.finish('infrastructure', '', fault);
    }
    const answer = oracleAnswer(this.plan, this.outcomes);
    this.messages.push({ role: 'assistant', content: answer, reasoning_content: answerReasoning(this.outcomes) });
    return this.finish('answered', answer);
  }

  /** The next turn's calls: ready steps with bound arguments (one maybe spoiled) and a due repeat; null when done. */
  private nextCalls(): CallRole[] | { fault: Fault } | null {
    const roles: CallRole[] = [];
    for (const step of readySteps(this.plan, this.done)) {
      const bound = bindStepArguments(step, this.okResults());
      if (!bound.ok) return { fault: { code: 'VALIDATION_FAILED', message: `the oracle cannot run the plan: ${bound.reason}` } };
      roles.push(this.roleOf(step, bound.arguments));
    }
    const repeat = this.detour?.kind === 'redundant-call' && !this.redundantIssued ? this.outcomes.get(this.detour.stepId) : undefined;
    if (repeat) roles.push({ step: repeat.step, arguments: repeat.arguments, kind: 'redundant' });
    return roles.length > 0 ? roles : null;
  }

  private roleOf(step: PlanStep, args: Record<string, unknown>): CallRole {
    if (this.detour?.kind !== 'wrong-argument' || this.detour.stepId !== step.id || this.spoil.phase !== 'pending')
      return { step, arguments: args, kind: 'step' };
    const spoil = spoilFirstArgument(args);
    if (spoil === null) {
      this.spoil = { phase: 'over' };
      return { step, arguments: args, kind: 'step' };
    }
    return { step, arguments: spoil.arguments, kind: 'spoiled', spoil };
  }

  private async turn(roles: CallRole[], turn: number): Promise<Fault | undefined> {
    const issued: IssuedCall[] = roles.map((r, i) => ({ id: `call_${turn}_${i}`, name: r.step.tool, arguments: r.arguments }));
    this.messages.push({
      role: 'assistant',
      content: null,
      tool_calls: issued.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
      reasoning_content: this.reasoning(roles, turn),
    });
    const outcome = await runTurnCalls(this.session, issued, turn, this.clock);
    this.calls.push(...outcome.calls);
    this.messages.push(...outcome.messages);
    this.toolMs += outcome.toolMs;
    if (outcome.fault) return outcome.fault;
    outcome.calls.forEach((call) => {
      const role = roles[issued.findIndex((c) => c.id === call.id)];
      if (role) this.settle(role, call);
    });
    return undefined;
  }

  private settle(role: CallRole, call: TrajectoryCall): void {
    if (role.kind === 'spoiled' && role.spoil) {
      this.spoil = { phase: 'seen', spoil: role.spoil, status: call.status, result: call.result };
      this.detours.push(describeDetour('wrong-argument', role.step.id, role.step.tool, role.spoil));
    } else if (role.kind === 'redundant') {
      this.redundantIssued = true;
      this.detours.push(describeDetour('redundant-call', role.step.id, role.step.tool));
    } else {
      if (this.spoil.phase === 'seen' && this.detour?.stepId === role.step.id) this.spoil = { phase: 'over' };
      const tries = (this.attempts.get(role.step.id) ?? 0) + 1;
      this.attempts.set(role.step.id, tries);
      if (call.status !== 'ok' && tries < stepAttempts(call.status)) {
        this.failures.set(role.step.id, { status: call.status, result: call.result });
        return;
      }
      this.failures.delete(role.step.id);
      this.outcomes.set(role.step.id, { step: role.step, arguments: role.arguments, status: call.status, result: call.result });
      this.done.add(role.step.id);
    }
  }

  /** What the oracle is about to find out and why: recoveries and retries first, then the turn's steps, then a repeat. */
  private reasoning(roles: CallRole[], turn: number): string {
    const parts: string[] = [];
    const steps: TurnStep[] = [];
    for (const role of roles) {
      const again = role.kind === 'step' ? this.againReasoning(role.step) : undefined;
      if (again !== undefined) parts.push(again);
      else if (role.kind === 'spoiled' && role.spoil)
        steps.push({ step: role.step, arguments: { ...role.arguments, [role.spoil.argument]: role.spoil.right } });
      else if (role.kind === 'step') steps.push({ step: role.step, arguments: role.arguments });
    }
    if (steps.length > 0) parts.push(turnReasoning(this.task.question, steps, turn === 0, (id) => this.toolOf(id)));
    const repeat = roles.find((r) => r.kind === 'redundant');
    if (repeat) parts.push(redundantReasoning(repeat.step, repeat.arguments));
    return parts.join(' ');
  }

  /** Why a step's call is made again: the right call after a spoiled one, or a retry after a failure. */
  private againReasoning(step: PlanStep): string | undefined {
    const spoil = this.spoil;
    if (spoil.phase === 'seen' && step.id === this.detour?.stepId)
      return recoveryReasoning(step, spoil.spoil.argument, spoil.spoil.wrong, spoil.spoil.right, spoil.status, spoil.result);
    const failure = this.failures.get(step.id);
    return failure ? retryReasoning(step, failure.status, failure.result) : undefined;
  }

  private okResults(): Map<string, string> {
    return new Map([...this.outcomes].filter(([, o]) => o.status === 'ok').map(([id, o]) => [id, o.result]));
  }

  private toolOf(stepId: string): string {
    return this.plan.steps.find((s) => s.id === stepId)?.tool ?? stepId;
  }

  private finish(stop: TrajectoryStop, finalAnswer: string, error?: Fault): AgentRun {
    return {
      messages: this.messages,
      calls: this.calls,
      finalAnswer,
      stop,
      detours: this.detours,
      modelMs: 0,
      toolMs: this.toolMs,
      ...(error ? { error } : {}),
    };
  }
}
