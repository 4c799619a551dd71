import {
  buildToolGroupingPrompt,
  buildToolMergePrompt,
  deriveBadCalls,
  mergedToolSchema,
  TOOL_GROUPING_STEP,
  TOOL_MERGE_STEP,
  toolGroupingSchema,
  type MemberCase,
} from '@astra/domain/environments';
import { ENV_LLM_ROLES } from '../../synthesis/env-llm';
import type { DraftEnv, DraftTool } from './draft-env';
import { verifyWithRepair, type RepairContext } from './tool-repair.step';

/** The environment after merging, and the groups whose merged tool failed its checks (their members stay apart). */
export interface MergeResult {
  env: DraftEnv;
  merged: string[][];
  keptApart: string[][];
}

/** The draft with one group's members replaced by the merged tool (at the first member's place) and their calls re-pointed. */
async function mergedDraft(ctx: RepairContext, env: DraftEnv, group: string[]): Promise<DraftEnv> {
  const members = env.tools.filter((t) => group.includes(t.doc.name));
  const cases: MemberCase[] = env.calls
    .filter((c) => group.includes(c.tool))
    .map((c) => ({ subTask: c.subTask, tool: c.tool, arguments: c.arguments, expectedAnswer: c.answer }));
  const taken = env.tools.filter((t) => !group.includes(t.doc.name)).map((t) => t.doc.name);
  const answer = await ctx.steps.ask(
    TOOL_MERGE_STEP,
    ENV_LLM_ROLES.toolMerger,
    mergedToolSchema(cases, taken),
    buildToolMergePrompt(ctx.language, members, cases, taken),
  );
  const { code, calls, ...doc } = answer;
  const newArgs = new Map(calls.map((c) => [c.subTask, c.arguments]));
  const tool: DraftTool = { doc, code, badCalls: deriveBadCalls(doc, calls[0]?.arguments ?? {}), mergedFrom: [...group] };
  const firstIndex = env.tools.findIndex((t) => group.includes(t.doc.name));
  const tools = env.tools.flatMap((t, i) => (i === firstIndex ? [tool] : group.includes(t.doc.name) ? [] : [t]));
  const reCalls = env.calls.map((c) =>
    group.includes(c.tool) ? { ...c, tool: doc.name, arguments: newArgs.get(c.subTask) ?? c.arguments } : c,
  );
  return { tools, calls: reCalls };
}

/**
 * Same-intent merging: the tool_merger groups duplicate tools, writes one general tool per group with a new call
 * statement for every member's sub-task, and the merged environment is verified again (every member's call is an
 * `answers` check), with repair. A merge that still fails leaves its members as they were (they passed already).
 */
export async function mergeSameIntent(ctx: RepairContext, env: DraftEnv): Promise<MergeResult> {
  if (env.tools.length < 2) return { env, merged: [], keptApart: [] };
  const names = env.tools.map((t) => t.doc.name);
  const grouping = await ctx.steps.ask(
    TOOL_GROUPING_STEP,
    ENV_LLM_ROLES.toolMerger,
    toolGroupingSchema(names),
    buildToolGroupingPrompt(
      ctx.language,
      env.tools.map((t) => ({ doc: t.doc, code: t.code })),
    ),
  );
  let current = env;
  const merged: string[][] = [];
  const keptApart: string[][] = [];
  for (const group of grouping.groups) {
    const members = [...new Set(group.tools)];
    const verified = await verifyWithRepair(ctx, await mergedDraft(ctx, current, members));
    if (verified.ok) {
      current = verified.env;
      merged.push(members);
    } else keptApart.push(members);
  }
  return { env: current, merged, keptApart };
}
