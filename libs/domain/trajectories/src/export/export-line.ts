import type { SftFormat, TaskRecord, TrajectoryRecord } from '@astra/contracts';
import { toAstraRecord, type AstraRecord } from './astra-format';
import { toOpenAiRecord, type OpenAiRecord } from './openai-format';
import { toShareGptRecord, type ShareGptRecord } from './sharegpt-format';
import { toTrlRecord, type TrlRecord } from './trl-format';

/** Any one exported SFT record. */
export type SftRecord = OpenAiRecord | AstraRecord | ShareGptRecord | TrlRecord;

/** The record of a trajectory in the given SFT format. */
export function toSftRecord(format: SftFormat, trajectory: TrajectoryRecord, task: TaskRecord): SftRecord {
  // The user turn comes from the task: a mismatched pair would train on another task's question.
  if (trajectory.taskId !== task.id) throw new Error(`trajectory ${trajectory.id} belongs to task ${trajectory.taskId}, not ${task.id}`);
  switch (format) {
    case 'openai':
      return toOpenAiRecord(trajectory, task);
    case 'astra':
      return toAstraRecord(trajectory, task);
    case 'sharegpt':
      return toShareGptRecord(trajectory, task);
    case 'trl':
      return toTrlRecord(trajectory, task);
  }
}

/** One JSONL line (no trailing newline) of a trajectory in the given SFT format. */
export function exportLine(format: SftFormat, trajectory: TrajectoryRecord, task: TaskRecord): string {
  return JSON.stringify(toSftRecord(format, trajectory, task));
}
