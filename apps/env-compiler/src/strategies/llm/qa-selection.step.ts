import type { EnvLanguage, QaScores } from '@astra/contracts';
import {
  buildQaGenerationPrompt,
  buildQaVerificationPrompt,
  buildToolNecessityPrompt,
  checkDag,
  legitimacyProblem,
  meanQaScore,
  qaGenerationSchema,
  qaScores,
  QA_GENERATION_STEP,
  QA_VERIFICATION_STEP,
  QaVerificationSchema,
  TOOL_NECESSITY_STEP,
  toolNecessitySchema,
  type GeneratedDecomposition,
  type QaUnderReview,
} from '@astra/domain/environments';
import { ENV_LLM_ROLES } from '../../synthesis/env-llm';
import { LlmStepFailure, type LlmSteps } from './llm-steps';
import type { LlmUnitPlan } from './llm-unit-plan';

/** A decomposition that passed generation, the legitimacy rule and verification. */
export interface ScoredQa {
  question: string;
  decomposition: GeneratedDecomposition;
  hops: Map<string, number>;
  /** Ids of the sub-questions that need a tool call. */
  toolSteps: Set<string>;
  scores: QaScores;
  mean: number;
}

/** How many candidates to make and what a kept one must score. */
export interface QaSelectionSettings {
  candidates: number;
  minScore: number;
}

export type QaSelection = { ok: true; qa: ScoredQa } | { ok: false; reason: string };

/** Candidates to generate so that keeping the best one keeps `keptFraction` of them (0.34 → 3). */
export function candidateCount(keptFraction: number): number {
  return Math.max(1, Math.ceil(1 / keptFraction - 1e-9));
}

/** Generates, checks and scores one candidate; a candidate that fails a step or the legitimacy rule is a recorded rejection. */
async function scoreCandidate(
  steps: LlmSteps,
  plan: LlmUnitPlan,
  language: EnvLanguage,
  candidate: number,
  candidates: number,
  seed: number,
): Promise<ScoredQa | string> {
  const conditional = plan.source.kind === 'question';
  const prompt = buildQaGenerationPrompt({
    language,
    source: plan.source,
    hops: plan.hops,
    scenarioType: plan.scenarioType,
    candidate,
    candidates,
  });
  try {
    const decomposition = await steps.ask(
      QA_GENERATION_STEP,
      ENV_LLM_ROLES.qaGenerator,
      qaGenerationSchema(plan.hops, !conditional),
      prompt,
      {
        seed: seed + candidate,
      },
    );
    const question = plan.source.kind === 'question' ? plan.source.question : (decomposition.question ?? '');
    const review: QaUnderReview = { language, question, decomposition };
    const ids = decomposition.subQuestions.map((s) => s.id);
    const necessity = await steps.ask(
      TOOL_NECESSITY_STEP,
      ENV_LLM_ROLES.qaVerifier,
      toolNecessitySchema(ids),
      buildToolNecessityPrompt(review),
    );
    const illegitimate = legitimacyProblem(decomposition, necessity);
    if (illegitimate !== undefined) return `${TOOL_NECESSITY_STEP}: ${illegitimate}`;
    const verdict = await steps.ask(
      QA_VERIFICATION_STEP,
      ENV_LLM_ROLES.qaVerifier,
      QaVerificationSchema,
      buildQaVerificationPrompt(review),
    );
    const dag = checkDag(decomposition.subQuestions);
    if (!dag.ok) return `${QA_GENERATION_STEP}: ${dag.problems.join('; ')}`; // the schema checked it; kept for the types
    const scores = qaScores(verdict);
    const toolSteps = new Set(necessity.steps.filter((s) => s.toolNecessity).map((s) => s.id));
    return { question, decomposition, hops: dag.hops, toolSteps, scores, mean: meanQaScore(scores) };
  } catch (error) {
    if (error instanceof LlmStepFailure) return error.message;
    throw error;
  }
}

/**
 * The paper's QA stage: C candidate decompositions, each checked for tool necessity (legitimacy rule) and scored on
 * the four dimensions; the best is kept when its mean reaches the threshold. Sequential, so a scripted or cached
 * model answers in a stable order.
 */
export async function selectQa(
  steps: LlmSteps,
  plan: LlmUnitPlan,
  language: EnvLanguage,
  settings: QaSelectionSettings,
  seed: number,
): Promise<QaSelection> {
  const scored: ScoredQa[] = [];
  const rejections: string[] = [];
  for (let candidate = 1; candidate <= settings.candidates; candidate += 1) {
    const outcome = await scoreCandidate(steps, plan, language, candidate, settings.candidates, seed * settings.candidates);
    if (typeof outcome === 'string') rejections.push(`candidate ${candidate}: ${outcome}`);
    else scored.push(outcome);
  }
  const best = scored.sort((a, b) => b.mean - a.mean)[0];
  if (best === undefined) return { ok: false, reason: `no usable decomposition (${rejections.join('; ')})` };
  if (best.mean < settings.minScore) {
    const means = scored.map((s) => s.mean.toFixed(2)).join(', ');
    return {
      ok: false,
      reason: `${QA_VERIFICATION_STEP}: the best decomposition scored ${best.mean.toFixed(2)}, below the threshold ${settings.minScore} (means: ${means})`,
    };
  }
  return { ok: true, qa: best };
}
