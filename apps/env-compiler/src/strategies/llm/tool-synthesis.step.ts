import type { EnvLanguage } from '@astra/contracts';
import {
  buildCallStatementPrompt,
  buildComplexityScalingPrompt,
  buildToolCodePrompt,
  buildToolDocumentPrompt,
  callStatementSchema,
  CALL_STATEMENT_STEP,
  COMPLEXITY_SCALING_STEP,
  deriveBadCalls,
  TOOL_CODE_STEP,
  TOOL_DOCUMENT_STEP,
  toolCodeSchema,
  ToolDocumentSchema,
  type ToolDocument,
  type ToolTarget,
} from '@astra/domain/environments';
import { ENV_LLM_ROLES } from '../../synthesis/env-llm';
import type { DraftCall, DraftEnv, DraftTool } from './draft-env';
import type { LlmSteps } from './llm-steps';
import type { ScoredQa } from './qa-selection.step';

/** A name not yet taken: the name itself, else name_2, name_3, ... (same-intent duplicates are merged later). */
function freshName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n += 1) {
    const candidate = `${name.slice(0, 60)}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Tool document, complexity scaling, call statement and code for one sub-question. */
async function synthesizeOne(steps: LlmSteps, target: ToolTarget, taken: Set<string>): Promise<{ tool: DraftTool; call: DraftCall }> {
  const role = ENV_LLM_ROLES.toolWriter;
  const first = await steps.ask(TOOL_DOCUMENT_STEP, role, ToolDocumentSchema, buildToolDocumentPrompt(target));
  const scaled = await steps.ask(COMPLEXITY_SCALING_STEP, role, ToolDocumentSchema, buildComplexityScalingPrompt(target, first));
  const doc: ToolDocument = { ...scaled, name: freshName(scaled.name, taken) };
  taken.add(doc.name);
  const call = await steps.ask(CALL_STATEMENT_STEP, role, callStatementSchema(doc), buildCallStatementPrompt(target, doc));
  const badCalls = deriveBadCalls(doc, call.arguments);
  const cases = [{ arguments: call.arguments, expectedAnswer: target.subQuestion.answer }];
  const code = await steps.ask(
    TOOL_CODE_STEP,
    role,
    toolCodeSchema(doc.name),
    buildToolCodePrompt({ language: target.language, domain: target.domain, doc, cases, badCalls }),
  );
  return {
    tool: { doc, code: code.code, badCalls },
    call: { subTask: target.subQuestion.id, tool: doc.name, arguments: call.arguments, answer: target.subQuestion.answer },
  };
}

/** One tool per tool-needing sub-question, in hop order (so a dependency's tool is named first). */
export async function synthesizeTools(steps: LlmSteps, qa: ScoredQa, language: EnvLanguage, domain: string): Promise<DraftEnv> {
  const byId = new Map(qa.decomposition.subQuestions.map((s) => [s.id, s]));
  const ordered = [...qa.decomposition.subQuestions]
    .filter((s) => qa.toolSteps.has(s.id))
    .sort((a, b) => (qa.hops.get(a.id) ?? 1) - (qa.hops.get(b.id) ?? 1));
  const taken = new Set<string>();
  const env: DraftEnv = { tools: [], calls: [] };
  for (const sub of ordered) {
    const dependencies = sub.dependsOn.flatMap((id) => {
      const dep = byId.get(id);
      return dep === undefined ? [] : [{ id: dep.id, question: dep.question, answer: dep.answer }];
    });
    const target: ToolTarget = {
      language,
      domain,
      mainQuestion: qa.question,
      subQuestion: { id: sub.id, question: sub.question, answer: sub.answer },
      dependencies,
      takenNames: [...taken],
    };
    const { tool, call } = await synthesizeOne(steps, target, taken);
    env.tools.push(tool);
    env.calls.push(call);
  }
  return env;
}
