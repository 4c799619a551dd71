import { z } from 'zod';
import type { DimensionScore, JudgeDimension } from '@astra/contracts';

/** What a judge model answers for one dimension: an integer score 1-5 and a reason. */
export const JudgeAnswerSchema = z.object({
  score: z.number().int().min(1).max(5),
  reason: z.string().min(1),
});
export type JudgeAnswer = z.infer<typeof JudgeAnswerSchema>;

/** A 1-5 judge score on the 0..1 scale: 1 → 0, 2 → .25, 3 → .5, 4 → .75, 5 → 1. */
export function scaleScore(score: number): number {
  return (score - 1) / 4;
}

const MAX_REASON = 2000;

function clip(text: string): string {
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;
}

/** A scored dimension from a valid judge answer. */
export function scoredDimension(dimension: JudgeDimension, answer: JudgeAnswer): DimensionScore {
  return { dimension, status: 'scored', score: scaleScore(answer.score), reason: clip(answer.reason) };
}

/** An unknown dimension (the answer did not parse, or the call failed): no score, and never a pass. */
export function unknownDimension(dimension: JudgeDimension, why: string): DimensionScore {
  return { dimension, status: 'unknown', score: null, reason: clip(`unknown: ${why}`) };
}

/** A dimension from an already extracted JSON value: scored when it fits JudgeAnswerSchema, else unknown. */
export function dimensionFromValue(dimension: JudgeDimension, value: unknown): DimensionScore {
  const parsed = JudgeAnswerSchema.safeParse(value);
  if (parsed.success) return scoredDimension(dimension, parsed.data);
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return unknownDimension(dimension, `the judge answer does not fit {score: 1-5, reason}: ${issues}`);
}

/** A dimension from a judge's raw answer text (JSON, possibly fenced or after prose): scored or unknown, never guessed. */
export function dimensionFromText(dimension: JudgeDimension, text: string): DimensionScore {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return unknownDimension(dimension, 'the judge answer holds no JSON object');
  try {
    return dimensionFromValue(dimension, JSON.parse(text.slice(start, end + 1)));
  } catch {
    return unknownDimension(dimension, 'the judge answer is not valid JSON');
  }
}
