import { z } from 'zod';
import type { EnvLanguage } from '@astra/contracts';
import { inLanguage, promptJson, stepPrompt, type PromptMessage } from './llm-prompt.types';
import { argumentProblems, ToolDocumentSchema, type ToolDocument } from './tool-document.schema';

/** The prompt step names of same-intent grouping and of writing one merged tool. */
export const TOOL_GROUPING_STEP = 'tool-grouping';
export const TOOL_MERGE_STEP = 'tool-merge';

/** The grouping answer: sets of tool names that serve the same intent. */
export interface ToolGroupingAnswer {
  groups: { tools: string[]; intent: string }[];
}

/** The grouping schema: known names only, at least two per group, each tool in at most one group. */
export function toolGroupingSchema(names: readonly string[]): z.ZodType<ToolGroupingAnswer> {
  return z
    .object({ groups: z.array(z.object({ tools: z.array(z.string()), intent: z.string().max(2000) })).max(32) })
    .superRefine((value, ctx) => {
      const used = new Set<string>();
      value.groups.forEach((group, index) => {
        const path = ['groups', index];
        if (new Set(group.tools).size < 2) ctx.addIssue({ code: 'custom', path, message: 'a group names at least two different tools' });
        for (const tool of group.tools) {
          if (!names.includes(tool)) ctx.addIssue({ code: 'custom', path, message: `"${tool}" is not one of the tools` });
          else if (used.has(tool)) ctx.addIssue({ code: 'custom', path, message: `"${tool}" appears in more than one group` });
          used.add(tool);
        }
      });
    });
}

/** One tool as the merging steps see it. */
export interface MergeCandidate {
  doc: ToolDocument;
  code: string;
}

/** The grouping prompt: which tools serve the same intent (and could be one tool). */
export function buildToolGroupingPrompt(language: EnvLanguage, tools: MergeCandidate[]): PromptMessage[] {
  const docs = promptJson(tools.map((t) => ({ name: t.doc.name, description: t.doc.description, parameters: t.doc.parameters })));
  const system = inLanguage(
    language,
    'You review tool sets for duplicates. Reply with JSON only.',
    '你检查工具集中的重复工具。只用 JSON 回答。',
  );
  const user = inLanguage(
    language,
    `${docs}\n\nWhich of these tools serve the same intent (the same kind of lookup or computation, differing only in arguments), ` +
      'so that one general tool could replace them? Group only true duplicates; tools with different intents stay apart.\n' +
      'Reply with JSON only: {"groups": [{"tools": ["tool_a", "tool_b"], "intent": "..."}]} (an empty list when there are none)',
    `${docs}\n\n这些工具中哪些服务于同一意图（同类查询或计算，仅参数不同），可以由一个通用工具替代？只把真正重复的归为一组；意图不同的工具分开。\n` +
      '只用 JSON 回答：{"groups": [{"tools": ["tool_a", "tool_b"], "intent": "..."}]}（没有则为空列表）',
  );
  return stepPrompt(TOOL_GROUPING_STEP, system, user);
}

/** A call a merged tool must still answer: the member's sub-task, its arguments to the member, the answer. */
export interface MemberCase {
  subTask: string;
  tool: string;
  arguments: Record<string, unknown>;
  expectedAnswer: string;
}

/** The merged tool answer: document, code, and the new call statement of every member sub-task. */
export interface MergedToolAnswer extends ToolDocument {
  code: string;
  calls: { subTask: string; arguments: Record<string, unknown> }[];
}

/** The merged tool schema: a valid document and code, a fresh name, and a valid call for exactly the member sub-tasks. */
export function mergedToolSchema(cases: readonly MemberCase[], takenNames: readonly string[]): z.ZodType<MergedToolAnswer> {
  const wanted = cases.map((c) => c.subTask);
  return z
    .object({
      name: z.string(),
      description: z.string(),
      parameters: z.unknown(),
      code: z.string().min(1).max(200_000),
      calls: z.array(z.object({ subTask: z.string(), arguments: z.record(z.string(), z.unknown()) })),
    })
    .transform((value, ctx): MergedToolAnswer => {
      const doc = ToolDocumentSchema.safeParse(value);
      if (!doc.success) {
        for (const issue of doc.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        return z.NEVER;
      }
      if (takenNames.includes(doc.data.name))
        ctx.addIssue({ code: 'custom', path: ['name'], message: `"${doc.data.name}" is taken by another tool` });
      if (!new RegExp(`^def\\s+${doc.data.name}\\s*\\(`, 'm').test(value.code)) {
        ctx.addIssue({ code: 'custom', path: ['code'], message: `the code must define a top-level function "def ${doc.data.name}(...)"` });
      }
      const got = value.calls.map((c) => c.subTask);
      if (got.length !== wanted.length || !wanted.every((id) => got.includes(id))) {
        ctx.addIssue({ code: 'custom', path: ['calls'], message: `give exactly one call for each of ${wanted.join(', ')}` });
      }
      for (const call of value.calls) {
        for (const problem of argumentProblems(doc.data, call.arguments))
          ctx.addIssue({ code: 'custom', path: ['calls', call.subTask], message: problem });
      }
      return { ...doc.data, code: value.code, calls: value.calls };
    });
}

/** The merge prompt: one general tool replacing the members, whose every member call still answers. */
export function buildToolMergePrompt(
  language: EnvLanguage,
  members: MergeCandidate[],
  cases: MemberCase[],
  takenNames: string[],
): PromptMessage[] {
  const input = promptJson({ tools: members.map((m) => ({ ...m.doc, code: m.code })), callsToKeepAnswering: cases }, 40_000);
  const shape =
    '{"name": "...", "description": "...", "parameters": {"type": "object", "properties": {...}, "required": [...]}, "code": "def name(...):\\n    ...", ' +
    '"calls": [{"subTask": "q1", "arguments": {...}}]}';
  const taken =
    takenNames.length === 0
      ? ''
      : inLanguage(language, ` Names taken by other tools: ${takenNames.join(', ')}.`, ` 其他工具已占用的名称：${takenNames.join('、')}。`);
  const system = inLanguage(
    language,
    'You merge duplicate tools into one general tool. Reply with JSON only.',
    '你把重复的工具合并为一个通用工具。只用 JSON 回答。',
  );
  const user = inLanguage(
    language,
    `${input}\n\nMerge these tools into one tool (Python 3, standard library only, a top-level function named as the tool, parameters default to None, ` +
      `bad input raises ValueError with a clear message, deterministic, data held in the code). For every call to keep answering, give the call to the merged tool; ` +
      `its output must contain that call's expected answer.${taken}\nReply with JSON only: ${shape}`,
    `${input}\n\n把这些工具合并为一个工具（Python 3，仅标准库，与工具同名的顶层函数，参数默认 None，错误输入抛出带清晰信息的 ValueError，确定性，数据写在代码中）。` +
      `对每个需继续回答的调用，给出对合并后工具的调用，其输出须包含该调用的期望答案。${taken}\n只用 JSON 回答：${shape}`,
  );
  return stepPrompt(TOOL_MERGE_STEP, system, user);
}
