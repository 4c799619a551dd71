import type { PlanStep, TaskPlan, TrajectoryCallStatus } from '@astra/contracts';
import { containsAnswer } from '@astra/domain/environments';
import { excerpt } from './plan-binding';
import { finalSteps } from './plan-schedule';

// The oracle's words are templates filled from the task, the plan's purposes and the real tool outputs: what it is
// about to find out and why before each turn, and an answer made of what the tools actually returned.

/** What a step finds out, in words: its purpose, or the tool and its arguments. */
export function stepPurpose(step: PlanStep, args: Record<string, unknown> = step.arguments): string {
  if (step.purpose !== undefined && step.purpose.trim() !== '') return step.purpose.trim().replace(/[.]$/, '');
  const shown = Object.entries(args).map(([k, v]) => `${k}=${excerpt(JSON.stringify(v) ?? 'null', 60)}`);
  return `what ${step.tool} returns${shown.length > 0 ? ` for ${shown.join(', ')}` : ''}`;
}

/** One step of a turn as the templates see it. */
export interface TurnStep {
  readonly step: PlanStep;
  readonly arguments: Record<string, unknown>;
}

/** The reasoning before a turn of calls: the question (first turn), what each call finds out, where bound values come from. */
export function turnReasoning(question: string, turn: readonly TurnStep[], first: boolean, toolOf: (stepId: string) => string): string {
  const purposes = turn.map((t) => stepPurpose(t.step, t.arguments));
  const lead = first
    ? `The user asks: "${excerpt(question, 240)}". To answer this I first need to find out ${joinAnd(purposes)}.`
    : `With the results so far, next I need to find out ${joinAnd(purposes)}.`;
  const sources = turn.flatMap((t) =>
    t.step.bindings.map((b) => `${b.argument} for ${t.step.tool} from the ${toolOf(b.fromStep)} result${b.path ? ` (${b.path})` : ''}`),
  );
  const parts = [lead];
  if (sources.length > 0) parts.push(`I take ${joinAnd(sources)}.`);
  if (turn.length > 1) parts.push('These lookups do not depend on each other, so I will make the calls at once.');
  return parts.join(' ');
}

/** The reasoning before a redundant call: checking a result once more. */
export function redundantReasoning(step: PlanStep, args: Record<string, unknown>): string {
  return `To be sure about ${stepPurpose(step, args)}, I will make the ${step.tool} call once more.`;
}

/** The reasoning before the right call that follows a spoiled one, from what the tool said. */
export function recoveryReasoning(
  step: PlanStep,
  argument: string,
  wrong: unknown,
  right: unknown,
  status: TrajectoryCallStatus,
  result: string,
): string {
  const outcome = status === 'ok' ? `returned something that does not match (${excerpt(result, 160)})` : `failed: ${excerpt(result, 160)}`;
  return (
    `The ${step.tool} call with ${argument}=${JSON.stringify(wrong)} ${outcome}. ` +
    `I passed the wrong ${argument}; it should be ${JSON.stringify(right)}, so I will call ${step.tool} again with that.`
  );
}

/** The reasoning before trying a failed call again (a timeout or an error the tool may not repeat). */
export function retryReasoning(step: PlanStep, status: TrajectoryCallStatus, result: string): string {
  const what = status === 'timeout' ? 'timed out' : `failed (${excerpt(result, 160)})`;
  return `The ${step.tool} call ${what}; it may be a passing fault, so I will try it again.`;
}

/** How often the oracle makes a step's call before it carries on without it: failures the tool may not repeat get more tries. */
export function stepAttempts(status: TrajectoryCallStatus): number {
  return status === 'timeout' || status === 'injected' ? 3 : status === 'error' ? 2 : 1;
}

/** What one executed step gave, for the answer. */
export interface StepOutcome {
  readonly step: PlanStep;
  readonly arguments: Record<string, unknown>;
  readonly status: TrajectoryCallStatus;
  readonly result: string;
}

/**
 * The final answer from the actual outputs:
 * - the plan's expected answer when an ok result contains it (on word boundaries, as env verification matches);
 * - the expected answer with the step answers it rests on, when it comes from a tool-free step (a comparison, a sum)
 *   and every step's result contains that step's expected answer, so the outputs really support it;
 * - otherwise a summary of the results of the steps no other step waits for.
 */
export function oracleAnswer(plan: TaskPlan, outcomes: ReadonlyMap<string, StepOutcome>): string {
  const expected = plan.finalAnswer?.trim();
  const ok = [...outcomes.values()].filter((o) => o.status === 'ok');
  if (expected && ok.some((o) => containsAnswer(o.result, expected))) return expected;
  if (expected && supportsDerivedAnswer(plan, outcomes)) {
    const evidence = finalSteps(plan).map((step) => {
      const purpose = capitalise(stepPurpose(step, outcomes.get(step.id)?.arguments));
      return `- ${purpose}${/[?:]$/.test(purpose) ? '' : ':'} ${step.expected ?? ''}`;
    });
    return [`${capitalise(expected)}.`, 'It rests on:', ...evidence].join('\n');
  }
  const lines = finalSteps(plan).flatMap((step) => {
    const outcome = outcomes.get(step.id);
    if (outcome === undefined) return [];
    const purpose = capitalise(stepPurpose(step, outcome.arguments));
    if (outcome.status !== 'ok') return [`- ${purpose}: the ${step.tool} call failed (${excerpt(outcome.result, 200)}).`];
    return [`- ${purpose}: ${excerpt(outcome.result, 400)}`];
  });
  return ['Here is what I found:', ...lines].join('\n');
}

/** Whether every step knows its answer and its ok result contains it. */
function supportsDerivedAnswer(plan: TaskPlan, outcomes: ReadonlyMap<string, StepOutcome>): boolean {
  return plan.steps.every((step) => {
    const outcome = outcomes.get(step.id);
    return step.expected !== undefined && outcome?.status === 'ok' && containsAnswer(outcome.result, step.expected);
  });
}

/** The reasoning before the answer: which results it rests on. */
export function answerReasoning(outcomes: ReadonlyMap<string, StepOutcome>): string {
  const tools = [...new Set([...outcomes.values()].map((o) => o.step.tool))];
  const failed = [...outcomes.values()].filter((o) => o.status !== 'ok').map((o) => o.step.tool);
  const lead = `I have the results of ${joinAnd(tools)}, which is what the question needs.`;
  return failed.length > 0 ? `${lead} ${joinAnd(failed)} did not succeed, so I answer with what the other calls gave.` : lead;
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
