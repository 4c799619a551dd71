import { z } from 'zod';
import type { TaskScores, TaskThresholds } from '@astra/contracts';

/** A written or rewritten task: one non-empty question. */
export const WrittenTaskSchema = z.object({ question: z.string().trim().min(10).max(8000) });
export type WrittenTask = z.infer<typeof WrittenTaskSchema>;

const rating = z.number().int().min(1).max(5);

/** A scorer's answer: five integer ratings 1-5 (anything else does not parse, and the task is rejected). */
export const TaskRatingsSchema = z.object({
  question_quality: rating,
  scenario_realism: rating,
  tool_use_necessity: rating,
  tool_selection_difficulty: rating,
  uniqueness: rating,
  reason: z.string().max(4000).optional(),
});
export type TaskRatings = z.infer<typeof TaskRatingsSchema>;

/** A 1-5 rating on the 0..1 scale (1 → 0, 3 → 0.5, 5 → 1). */
export function ratingToScore(value: number): number {
  return (value - 1) / 4;
}

/** The ratings as TaskScores. */
export function scoresFromRatings(r: TaskRatings): TaskScores {
  return {
    questionQuality: ratingToScore(r.question_quality),
    scenarioRealism: ratingToScore(r.scenario_realism),
    toolUseNecessity: ratingToScore(r.tool_use_necessity),
    toolSelectionDifficulty: ratingToScore(r.tool_selection_difficulty),
    uniqueness: ratingToScore(r.uniqueness),
  };
}

/** The names of the thresholds the scores miss, as a reject reason (`uniqueness`, `questionQuality,uniqueness`); undefined when all pass. */
export function thresholdFailure(scores: TaskScores, thresholds: TaskThresholds): string | undefined {
  const low = (Object.keys(thresholds) as (keyof TaskThresholds)[]).filter((k) => scores[k] < thresholds[k]);
  return low.length === 0 ? undefined : low.join(',');
}
