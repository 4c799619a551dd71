import type { EnvironmentContent, PlanStep, TaskPlan } from '@astra/contracts';

/**
 * An environment's decomposition as a plan: one step per sub-task with a call statement, dependsOn from the DAG
 * (through tool-free sub-tasks to the calls behind them), the environment's final answer. Undefined when no
 * sub-task has a call. Each step keeps its sub-task's answer as `expected`.
 */
export function environmentPlan(env: Pick<EnvironmentContent, 'subTasks' | 'finalAnswer'>): TaskPlan | undefined {
  const byId = new Map(env.subTasks.map((s) => [s.id, s]));
  const callDeps = (id: string, seen: Set<string>): string[] => {
    if (seen.has(id)) return [];
    seen.add(id);
    const sub = byId.get(id);
    if (!sub) return [];
    if (sub.call) return [id];
    return sub.dependsOn.flatMap((d) => callDeps(d, seen));
  };
  const steps: PlanStep[] = [];
  for (const sub of env.subTasks) {
    if (!sub.call) continue;
    const seen = new Set<string>();
    const dependsOn = [...new Set(sub.dependsOn.flatMap((d) => callDeps(d, seen)))];
    const expected = sub.answer.trim() === '' ? {} : { expected: sub.answer };
    steps.push({
      id: sub.id,
      tool: sub.call.tool,
      arguments: sub.call.arguments,
      bindings: [],
      dependsOn,
      purpose: sub.question,
      ...expected,
    });
  }
  if (steps.length === 0) return undefined;
  return { steps: steps.slice(0, 64), finalAnswer: env.finalAnswer };
}
