import { z } from 'zod';
import type { EnvLanguage, QaScores } from '@astra/contracts';
import type { GeneratedDecomposition } from './qa-generation.schema';
import { leafIds } from './decomposition-dag';
import { inLanguage, promptJson, stepPrompt, type PromptMessage } from './llm-prompt.types';

/** The prompt step names of the two QA checks. */
export const TOOL_NECESSITY_STEP = 'tool-necessity';
export const QA_VERIFICATION_STEP = 'qa-verification';

/** The decomposition as the checks see it: the main question, the sub-questions and the final answer. */
export interface QaUnderReview {
  language: EnvLanguage;
  question: string;
  decomposition: GeneratedDecomposition;
}

function reviewText(input: QaUnderReview): string {
  return promptJson({
    question: input.question,
    subQuestions: input.decomposition.subQuestions,
    finalAnswer: input.decomposition.finalAnswer,
  });
}

/** The tool-necessity answer: one verdict per sub-question id. */
export interface ToolNecessityAnswer {
  steps: { id: string; toolNecessity: boolean; reason: string }[];
}

/** The tool-necessity schema: exactly one verdict for every sub-question id, and no other id. */
export function toolNecessitySchema(ids: readonly string[]): z.ZodType<ToolNecessityAnswer> {
  return z
    .object({
      steps: z.array(z.object({ id: z.string(), toolNecessity: z.boolean(), reason: z.string().max(2000) })),
    })
    .superRefine((value, ctx) => {
      const seen = new Set<string>();
      for (const step of value.steps) {
        if (!ids.includes(step.id)) ctx.addIssue({ code: 'custom', path: ['steps'], message: `"${step.id}" is not a sub-question id` });
        if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps'], message: `"${step.id}" is judged twice` });
        seen.add(step.id);
      }
      const missing = ids.filter((id) => !seen.has(id));
      if (missing.length > 0) ctx.addIssue({ code: 'custom', path: ['steps'], message: `no verdict for ${missing.join(', ')}` });
    });
}

/** The tool-necessity prompt: which sub-questions need a tool call, with the legitimacy rule spelled out. */
export function buildToolNecessityPrompt(input: QaUnderReview): PromptMessage[] {
  const { language } = input;
  const system = inLanguage(
    language,
    'You decide which steps of a decomposed question need a tool call. Reply with JSON only.',
    '你判断分解后问题的哪些步骤需要调用工具。只用 JSON 回答。',
  );
  const user = inLanguage(
    language,
    `${reviewText(input)}\n\nFor every sub-question decide whether answering it needs a tool call (a lookup, a fact outside common knowledge, a computation) ` +
      'or can be answered by reasoning over earlier answers alone. A tool-free step is legitimate only where no other sub-question depends on it.\n' +
      'Reply with JSON only: {"steps": [{"id": "q1", "toolNecessity": true, "reason": "..."}]}',
    `${reviewText(input)}\n\n对每个子问题判断：回答它是否需要调用工具（查询、常识之外的事实、计算），还是仅凭之前的答案推理即可。` +
      '只有没有其他子问题依赖的步骤才可以不用工具。\n只用 JSON 回答：{"steps": [{"id": "q1", "toolNecessity": true, "reason": "..."}]}',
  );
  return stepPrompt(TOOL_NECESSITY_STEP, system, user);
}

/** Why a necessity verdict breaks the legitimacy rule (a tool-free step something depends on; no tool at all), or undefined. */
export function legitimacyProblem(decomposition: GeneratedDecomposition, necessity: ToolNecessityAnswer): string | undefined {
  const leaves = leafIds(decomposition.subQuestions);
  const toolFree = necessity.steps.filter((s) => !s.toolNecessity).map((s) => s.id);
  const inner = toolFree.filter((id) => !leaves.has(id));
  if (inner.length > 0) {
    return `tool-free step(s) ${inner.join(', ')} have sub-questions depending on them; tool-free steps are legitimate only at leaves`;
  }
  if (toolFree.length === necessity.steps.length) return 'no sub-question needs a tool, so the environment would have no tool';
  return undefined;
}

const Dimension = z.object({ score: z.number().min(0).max(1), reason: z.string().max(2000) });

/** The verification answer: the four dimensions, each scored 0..1 with a reason. */
export const QaVerificationSchema = z.object({
  dependencyConsistency: Dimension,
  atomicity: Dimension,
  noForcedSerialization: Dimension,
  completeness: Dimension,
});
export type QaVerificationAnswer = z.infer<typeof QaVerificationSchema>;

/** The four scores of a verification answer. */
export function qaScores(answer: QaVerificationAnswer): QaScores {
  return {
    dependencyConsistency: answer.dependencyConsistency.score,
    atomicity: answer.atomicity.score,
    noForcedSerialization: answer.noForcedSerialization.score,
    completeness: answer.completeness.score,
  };
}

/** The mean of the four scores. */
export function meanQaScore(scores: QaScores): number {
  return (scores.dependencyConsistency + scores.atomicity + scores.noForcedSerialization + scores.completeness) / 4;
}

const DIMENSIONS_EN = `Score each dimension from 0 (fails) to 1 (fully holds):
- dependencyConsistency: every "dependsOn" names exactly the sub-questions whose answers are needed, and the sub-answers lead to the final answer.
- atomicity: each sub-question asks one thing, answerable by one tool call.
- noForcedSerialization: independent sub-questions do not depend on each other (nothing is made sequential without need).
- completeness: the sub-questions together answer the main question, with nothing missing and nothing superfluous.`;

const DIMENSIONS_ZH = `按 0（不满足）到 1（完全满足）为每个维度打分：
- dependencyConsistency（依赖一致性）：每个 "dependsOn" 恰好列出所需答案的子问题，子答案能推出最终答案。
- atomicity（原子性）：每个子问题只问一件事，一次工具调用可回答。
- noForcedSerialization（无强制串行）：相互独立的子问题不互相依赖。
- completeness（完整性）：子问题合起来完整回答主问题，不缺少也不多余。`;

/** The verification prompt for the four dimensions. */
export function buildQaVerificationPrompt(input: QaUnderReview): PromptMessage[] {
  const { language } = input;
  const system = inLanguage(
    language,
    'You review decompositions of questions strictly and fairly. Reply with JSON only.',
    '你严格而公正地审查问题分解。只用 JSON 回答。',
  );
  const shape =
    '{"dependencyConsistency": {"score": 0.9, "reason": "..."}, "atomicity": {...}, "noForcedSerialization": {...}, "completeness": {...}}';
  const user = `${reviewText(input)}\n\n${inLanguage(language, DIMENSIONS_EN, DIMENSIONS_ZH)}\n\n${inLanguage(language, 'Reply with JSON only:', '只用 JSON 回答：')} ${shape}`;
  return stepPrompt(QA_VERIFICATION_STEP, system, user);
}
