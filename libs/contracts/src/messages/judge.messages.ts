import { z } from 'zod';
import { defineRpc } from '../registry/message-definition';
import { AcceptanceRuleSchema, JudgedTrajectorySchema, JudgeVerdictSchema } from '../trajectories/trajectory.contract';

export const JUDGE_MESSAGES = {
  'judge.trajectory.evaluate': defineRpc({
    key: 'judge.trajectory.evaluate',
    subject: 'astra.rpc.judge.trajectory.evaluate.v1',
    producers: ['cli', 'trajectory-synth', 'rollout-broker'],
    consumers: ['verifier'],
    description:
      "Judge a trajectory: model-free rule checks, then the seven dimensions through the verifier's judge role (unknown never passes).",
    payload: z.object({ trajectory: JudgedTrajectorySchema, acceptance: AcceptanceRuleSchema.default(AcceptanceRuleSchema.parse({})) }),
    response: JudgeVerdictSchema,
    timeoutMs: 300_000,
  }),
} as const;
