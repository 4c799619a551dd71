import { Inject, Injectable } from '@nestjs/common';
import { BusError, EnvironmentContentSchema, type EnvSynthesisRequest } from '@astra/contracts';
import type { LlmClient } from '@astra/platform/llm';
import { ENV_COMPILER_CONFIG, type EnvCompilerConfig } from '../../env-compiler.config';
import { ENV_LLM_ROLES, EnvLlm } from '../../synthesis/env-llm';
import type { DraftOutcome, EnvironmentStrategy, SynthesisUnit, ToolVerifierPort } from '../../synthesis/environment-strategy';
import { draftContent, type ContentFrame } from './draft-env';
import { LlmStepFailure, LlmSteps } from './llm-steps';
import { llmSources, planLlmUnit } from './llm-unit-plan';
import { candidateCount, selectQa } from './qa-selection.step';
import { mergeSameIntent } from './tool-merge.step';
import { verifyWithRepair, type RepairContext } from './tool-repair.step';
import { synthesizeTools } from './tool-synthesis.step';

/** The settings the llm strategy reads from env-compiler's config. */
export type LlmStrategySettings = Pick<EnvCompilerConfig, 'ENV_LLM_KEPT_FRACTION' | 'ENV_LLM_MIN_QA_SCORE' | 'ENV_LLM_CODE_ATTEMPTS'>;

const FEATURE = 'the llm strategy';
const CHAT_ROLES = [ENV_LLM_ROLES.qaGenerator, ENV_LLM_ROLES.qaVerifier, ENV_LLM_ROLES.toolWriter, ENV_LLM_ROLES.toolMerger];

/**
 * The ASTRA paper's environment pipeline, every step through the LLM client in its own role: candidate
 * decompositions (question-conditional or from a domain) under a hop budget, tool necessity with the legitimacy
 * rule, four-dimension scoring with a kept fraction and a threshold, then per sub-question a tool document,
 * complexity scaling, call statement and code, verified in the sandbox with repair, and same-intent merging.
 */
@Injectable()
export class LlmStrategy implements EnvironmentStrategy {
  readonly name = 'llm' as const;

  constructor(
    private readonly llm: EnvLlm,
    @Inject(ENV_COMPILER_CONFIG) private readonly settings: LlmStrategySettings,
  ) {}

  /** `count` units cycling over the questions, then the domains; refuses without a model or without inputs. */
  async plan(request: EnvSynthesisRequest): Promise<number> {
    this.models();
    if (llmSources(request).length === 0) throw new BusError('VALIDATION_FAILED', `${FEATURE} needs questions or domains to work from`);
    return request.count;
  }

  async draft(unit: SynthesisUnit, verifier: ToolVerifierPort): Promise<DraftOutcome> {
    const { client, model } = this.models();
    const { request } = unit;
    const plan = planLlmUnit(request, unit.index);
    const steps = new LlmSteps(client, { runId: request.jobId, stage: 'env-synthesis' });
    try {
      const selection = await selectQa(
        steps,
        plan,
        request.language,
        { candidates: candidateCount(this.settings.ENV_LLM_KEPT_FRACTION), minScore: this.settings.ENV_LLM_MIN_QA_SCORE },
        unit.seed,
      );
      if (!selection.ok) return { ok: false, reason: selection.reason };
      const { qa } = selection;
      const frame: ContentFrame = { language: request.language, plan, qa, model, seed: unit.seed };
      const ctx: RepairContext = {
        steps,
        verifier,
        attempts: this.settings.ENV_LLM_CODE_ATTEMPTS,
        language: request.language,
        domain: plan.source.domain,
        content: (env) => draftContent(frame, env),
      };
      const drafted = await synthesizeTools(steps, qa, request.language, plan.source.domain);
      const verified = await verifyWithRepair(ctx, drafted);
      if (!verified.ok) return { ok: false, reason: verified.reason };
      const merged = await mergeSameIntent(ctx, verified.env);
      const content = draftContent(frame, merged.env);
      const valid = EnvironmentContentSchema.safeParse(content);
      if (!valid.success)
        return { ok: false, reason: `the environment is not a valid record: ${valid.error.issues[0]?.message ?? 'invalid'}` };
      return { ok: true, content, scores: qa.scores };
    } catch (error) {
      if (error instanceof LlmStepFailure) return { ok: false, reason: error.message };
      throw error;
    }
  }

  /** The client and the models of the four chat roles (lineage names them once each), or VALIDATION_FAILED. */
  private models(): { client: LlmClient; model: string } {
    const required = CHAT_ROLES.map((role) => this.llm.require(FEATURE, role));
    const client = required[0]?.client;
    if (client === undefined) throw new BusError('VALIDATION_FAILED', `${FEATURE} needs a model`);
    return { client, model: [...new Set(required.map((r) => r.model))].join(',') };
  }
}
