import type { EnvironmentContentInput, EnvLanguage } from '@astra/contracts';
import { contentHash } from '@astra/contracts';
import { scenarioTypeOf, type ToolDocument } from '@astra/domain/environments';
import type { ScoredQa } from './qa-selection.step';
import type { LlmUnitPlan } from './llm-unit-plan';

/** A synthesized tool in the making. */
export interface DraftTool {
  doc: ToolDocument;
  code: string;
  badCalls: Record<string, unknown>[];
  mergedFrom?: string[];
}

/** The call statement of one tool-needing sub-question. */
export interface DraftCall {
  subTask: string;
  tool: string;
  arguments: Record<string, unknown>;
  answer: string;
}

/** The tools and calls of an environment in the making. */
export interface DraftEnv {
  tools: DraftTool[];
  calls: DraftCall[];
}

/** What the content needs besides the QA and the tools. */
export interface ContentFrame {
  language: EnvLanguage;
  plan: LlmUnitPlan;
  qa: ScoredQa;
  model: string;
  seed: number;
}

/** The environment content of a draft: the sub-task DAG with hop levels and calls, the tools, and lineage. */
export function draftContent(frame: ContentFrame, env: DraftEnv): EnvironmentContentInput {
  const { qa, plan } = frame;
  const calls = new Map(env.calls.map((c) => [c.subTask, c]));
  const subTasks = qa.decomposition.subQuestions.map((s) => {
    const call = calls.get(s.id);
    return {
      id: s.id,
      question: s.question,
      answer: s.answer,
      dependsOn: s.dependsOn,
      hop: qa.hops.get(s.id) ?? 1,
      toolNecessity: qa.toolSteps.has(s.id),
      call: call === undefined ? undefined : { tool: call.tool, arguments: call.arguments },
    };
  });
  return {
    schemaVersion: 1,
    language: frame.language,
    domain: plan.source.domain,
    scenarioType: scenarioTypeOf(qa.hops),
    prompt: qa.question,
    tools: env.tools.map((t) => ({
      name: t.doc.name,
      description: t.doc.description,
      parameters: t.doc.parameters,
      language: 'python' as const,
      code: t.code,
      badCalls: t.badCalls,
      ...(t.mergedFrom === undefined ? {} : { mergedFrom: t.mergedFrom }),
    })),
    subTasks,
    finalAnswer: qa.decomposition.finalAnswer,
    lineage: {
      strategy: 'llm',
      inputs: plan.inputs,
      model: frame.model,
      seed: frame.seed,
      template: plan.template ?? contentHash({ question: qa.question }),
      entities: [],
    },
  };
}

/** The calls a tool must answer, as code cases. */
export function casesOf(env: DraftEnv, tool: string): { arguments: Record<string, unknown>; expectedAnswer: string }[] {
  return env.calls.filter((c) => c.tool === tool).map((c) => ({ arguments: c.arguments, expectedAnswer: c.answer }));
}
