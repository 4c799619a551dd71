import type { PlanStep, TaskPlan } from '@astra/contracts';

/** The steps a step waits for: its dependsOn and the steps its bindings read. */
export function stepPrerequisites(step: PlanStep): string[] {
  return [...new Set([...step.dependsOn, ...step.bindings.map((b) => b.fromStep)])];
}

/** Steps not done yet whose prerequisites are all done, in plan order (they can run in parallel in one turn). */
export function readySteps(plan: TaskPlan, done: ReadonlySet<string>): PlanStep[] {
  return plan.steps.filter((s) => !done.has(s.id) && stepPrerequisites(s).every((p) => done.has(p)));
}

/**
 * Why a plan cannot be run to the end, or null: duplicate step ids, a prerequisite that is not a step, or a cycle
 * (checked by running the schedule dry).
 */
export function planProblem(plan: TaskPlan): string | null {
  const ids = plan.steps.map((s) => s.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) return `the plan has two steps "${duplicate}"`;
  for (const step of plan.steps) {
    const missing = stepPrerequisites(step).find((p) => !ids.includes(p));
    if (missing !== undefined) return `step "${step.id}" waits for "${missing}", which is not a step of the plan`;
  }
  const done = new Set<string>();
  for (let ready = readySteps(plan, done); ready.length > 0; ready = readySteps(plan, done)) ready.forEach((s) => done.add(s.id));
  const stuck = plan.steps.filter((s) => !done.has(s.id)).map((s) => s.id);
  return stuck.length > 0 ? `steps ${stuck.map((s) => `"${s}"`).join(', ')} wait for each other (a cycle)` : null;
}

/** Steps no other step waits for: their results are what the answer is made of. */
export function finalSteps(plan: TaskPlan): PlanStep[] {
  const waitedFor = new Set(plan.steps.flatMap(stepPrerequisites));
  return plan.steps.filter((s) => !waitedFor.has(s.id));
}
