import type { RewardBreakdown, RewardKind } from '@astra/contracts';
import { containsAnswer } from '@astra/domain/environments';
import type { RewardTask, ScoredCall } from './reward.types';
import { isSubTaskTooled, solvedSubTasks } from './solved-sub-tasks';

/** Added to the call count in precision, so zero calls never divides by zero. */
export const EPS = 1e-6;

/** How a reward kind turns precision and recall into the reward; a new kind is one entry here (and in RewardKindSchema). */
export const REWARD_KINDS: Readonly<Record<RewardKind, (precision: number, recall: number) => number>> = {
  f1: (precision, recall) => (precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)),
  recall: (_precision, recall) => recall,
  precision: (precision) => precision,
};

/**
 * The trajectory reward. "Solved": a tooled sub-task (toolNecessity true with a call statement) is solved by the
 * first call that ended `ok`, named the statement's tool, whose arguments fit the statement (every key of the
 * statement present with an equivalent value: strings equal after normaliseAnswer, numbers equal also as numeric
 * strings, booleans equal, arrays and objects equal recursively; extra keys allowed) and whose result text contains
 * the sub-task's answer (containsAnswer: normalised, on word boundaries). A tool-free sub-task is solved when the
 * final answer contains its answer. One call may solve several sub-tasks; each sub-task counts once.
 * recall = solved / sub-tasks; precision = min(1, tooled sub-tasks solved by calls / (calls + EPS)), every call
 * counting (distractors, failures, unknown tools, invalid arguments); with no tooled sub-task, precision is 1 for
 * zero calls and 0 otherwise. f1 = 2pr / (p + r), 0 when p + r = 0.
 */
export function scoreTrajectory(task: RewardTask, calls: ScoredCall[], finalAnswer: string, kind: RewardKind): RewardBreakdown {
  const solved = solvedSubTasks(task.subTasks, calls, finalAnswer);
  const tooled = task.subTasks.filter(isSubTaskTooled).length;
  const toolSolved = solved.filter((s) => s.by === 'call').length;
  const recall = task.subTasks.length === 0 ? 0 : solved.length / task.subTasks.length;
  const precision = tooled === 0 ? (calls.length === 0 ? 1 : 0) : Math.min(1, toolSolved / (calls.length + EPS));
  const reward = clamp01(REWARD_KINDS[kind](precision, recall));
  return {
    kind,
    reward,
    recall,
    precision,
    subTasks: task.subTasks.length,
    solved,
    calls: calls.length,
    finalAnswerCorrect: containsAnswer(finalAnswer, task.finalAnswer),
  };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
