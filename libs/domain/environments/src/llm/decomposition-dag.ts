import type { ScenarioType } from '@astra/contracts';
import type { HopBudget } from './llm-prompt.types';

/** The part of a sub-question the DAG rules look at. */
export interface DagNode {
  id: string;
  dependsOn: readonly string[];
}

/** Hop levels by id, or the problems that make the graph not a DAG of known ids. */
export type DagCheck = { ok: true; hops: Map<string, number> } | { ok: false; problems: string[] };

/** Ids are unique and non-empty, dependencies name known other nodes, and the graph has no cycle. */
function structuralProblems(nodes: readonly DagNode[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const node of nodes) {
    if (ids.has(node.id)) problems.push(`the id "${node.id}" is used twice`);
    ids.add(node.id);
  }
  for (const node of nodes) {
    for (const dep of node.dependsOn) {
      if (dep === node.id) problems.push(`"${node.id}" depends on itself`);
      else if (!ids.has(dep)) problems.push(`"${node.id}" depends on "${dep}", which is not the id of any sub-question`);
    }
  }
  return problems;
}

/**
 * Checks a decomposition as a DAG and computes hop levels: 1 for a node without dependencies, otherwise one more
 * than its deepest dependency (Kahn's algorithm; nodes left over sit on a cycle).
 */
export function checkDag(nodes: readonly DagNode[]): DagCheck {
  const problems = structuralProblems(nodes);
  if (problems.length > 0) return { ok: false, problems };
  const hops = new Map<string, number>();
  let pending = [...nodes];
  while (pending.length > 0) {
    const ready = pending.filter((n) => n.dependsOn.every((d) => hops.has(d)));
    if (ready.length === 0) {
      return { ok: false, problems: [`the dependencies form a cycle among ${pending.map((n) => `"${n.id}"`).join(', ')}`] };
    }
    for (const node of ready) hops.set(node.id, 1 + Math.max(0, ...node.dependsOn.map((d) => hops.get(d) ?? 0)));
    pending = pending.filter((n) => !hops.has(n.id));
  }
  return { ok: true, hops };
}

/** The deepest hop level. */
export function maxHop(hops: ReadonlyMap<string, number>): number {
  return Math.max(0, ...hops.values());
}

/** Why a decomposition's depth falls outside the budget, or undefined when it fits. */
export function hopBudgetProblem(hops: ReadonlyMap<string, number>, budget: HopBudget): string | undefined {
  const depth = maxHop(hops);
  if (depth >= budget.min && depth <= budget.max) return undefined;
  return `the deepest sub-question is at hop ${depth}, outside the requested hop budget of ${budget.min} to ${budget.max}`;
}

/** Ids of the nodes no other node depends on: the only places where a tool-free step is legitimate. */
export function leafIds(nodes: readonly DagNode[]): Set<string> {
  const needed = new Set(nodes.flatMap((n) => n.dependsOn));
  return new Set(nodes.map((n) => n.id).filter((id) => !needed.has(id)));
}

/**
 * The scenario type a DAG has: one hop level is single-hop (one node) or parallel single-hop (several); deeper
 * graphs are multi-hop when every level holds one node (a chain), parallel multi-hop when some level holds more.
 */
export function scenarioTypeOf(hops: ReadonlyMap<string, number>): ScenarioType {
  const perLevel = new Map<number, number>();
  for (const hop of hops.values()) perLevel.set(hop, (perLevel.get(hop) ?? 0) + 1);
  const parallel = [...perLevel.values()].some((count) => count > 1);
  if (maxHop(hops) <= 1) return parallel ? 'parallel-single-hop' : 'single-hop';
  return parallel ? 'parallel-multi-hop' : 'multi-hop';
}

/** The scenario types a hop budget allows (single-hop types need depth 1, multi-hop types depth 2 or more). */
export function scenarioTypesFor(budget: HopBudget): ScenarioType[] {
  const types: ScenarioType[] = [];
  if (budget.min <= 1) types.push('single-hop', 'parallel-single-hop');
  if (budget.max >= 2) types.push('multi-hop', 'parallel-multi-hop');
  return types;
}

/** The hop budget narrowed to a target scenario type (depth 1, or at least 2). */
export function budgetFor(type: ScenarioType, budget: HopBudget): HopBudget {
  if (type === 'single-hop' || type === 'parallel-single-hop') return { min: 1, max: 1 };
  return { min: Math.max(2, budget.min), max: budget.max };
}
