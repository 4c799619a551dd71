import { Injectable } from '@nestjs/common';
import { BusError, type DimensionScore, type JudgeDimension, type JudgeVerdict, type PayloadOf, type Registry } from '@astra/contracts';
import {
  decideVerdict,
  JUDGE_DIMENSIONS,
  JudgeAnswerSchema,
  judgePrompt,
  runRuleChecks,
  scoredDimension,
  unknownDimension,
} from '@astra/domain/trajectories';
import type { LlmClient } from '@astra/platform/llm';
import { Traced } from '@astra/platform/telemetry';
import { JUDGE_ROLE, JudgeLlm } from './judge-llm';

export type JudgeTrajectoryInput = PayloadOf<Registry, 'judge.trajectory.evaluate'>;

function describeFailure(error: unknown): string {
  if (error instanceof BusError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Judges a trajectory, failing closed: the model-free rule checks first; then, with a judge role, the seven dimensions
 * at once, each through one structured call with its repair turn. An answer that stays invalid or a call that fails
 * makes its dimension unknown, which is a recorded outcome (a rejection), not an error.
 */
@Injectable()
export class JudgeTrajectoryUseCase {
  constructor(private readonly llm: JudgeLlm) {}

  @Traced()
  async execute(input: JudgeTrajectoryInput): Promise<JudgeVerdict> {
    const { trajectory, acceptance } = input;
    const rules = runRuleChecks(trajectory);
    const judge = this.llm.judge();
    if (!judge) return decideVerdict({ mode: 'rules', rules, dimensions: [], acceptance, judgedAt: new Date().toISOString() });
    // A trajectory that failed a rule is rejected whatever the model says: its seven calls would be spent for nothing.
    const dimensions = rules.every((r) => r.passed)
      ? await Promise.all(JUDGE_DIMENSIONS.map((dimension) => this.dimension(judge.client, dimension, trajectory)))
      : [];
    return decideVerdict({ mode: 'model', rules, dimensions, acceptance, model: judge.model, judgedAt: new Date().toISOString() });
  }

  private async dimension(
    client: LlmClient,
    dimension: JudgeDimension,
    trajectory: JudgeTrajectoryInput['trajectory'],
  ): Promise<DimensionScore> {
    try {
      const { value } = await client.structured(
        JUDGE_ROLE,
        JudgeAnswerSchema,
        { messages: judgePrompt(dimension, trajectory) },
        { stage: 'judge' },
      );
      return scoredDimension(dimension, value);
    } catch (error) {
      return unknownDimension(dimension, describeFailure(error));
    }
  }
}
