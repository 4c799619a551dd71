import type { SubTask } from '@astra/contracts';
import { containsAnswer } from '@astra/domain/environments';
import { argumentsFit } from './arguments-fit';
import type { ScoredCall } from './reward.types';

/** One solved sub-task and its evidence. */
export interface SolvedSubTask {
  subTask: string;
  by: 'call' | 'final-answer';
  callId?: string;
}

/** Whether a sub-task is answered by a tool call (it needs a tool and has a call statement). */
export function isSubTaskTooled(subTask: SubTask): subTask is SubTask & { call: NonNullable<SubTask['call']> } {
  return subTask.toolNecessity && subTask.call !== undefined;
}

/** Whether `call` solves the tooled `subTask` (see scoreTrajectory for the definition). */
export function callSolves(subTask: SubTask, call: ScoredCall): boolean {
  if (!isSubTaskTooled(subTask)) return false;
  return (
    call.status === 'ok' &&
    call.tool === subTask.call.tool &&
    argumentsFit(subTask.call.arguments, call.arguments) &&
    containsAnswer(call.resultText, subTask.answer)
  );
}

/** The sub-tasks solved by `calls` (the first call that solves each) and, for tool-free ones, by `finalAnswer`. */
export function solvedSubTasks(subTasks: readonly SubTask[], calls: readonly ScoredCall[], finalAnswer: string): SolvedSubTask[] {
  const solved: SolvedSubTask[] = [];
  for (const subTask of subTasks) {
    if (isSubTaskTooled(subTask)) {
      const call = calls.find((c) => callSolves(subTask, c));
      if (call !== undefined) solved.push({ subTask: subTask.id, by: 'call', callId: call.id });
    } else if (containsAnswer(finalAnswer, subTask.answer)) {
      solved.push({ subTask: subTask.id, by: 'final-answer' });
    }
  }
  return solved;
}
