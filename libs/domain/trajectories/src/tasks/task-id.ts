import { createHash } from 'node:crypto';
import type { TaskRecord } from '@astra/contracts';

/** A task's id: the content hash of its question, source and augmentation. */
export function taskId(task: Pick<TaskRecord, 'question' | 'source' | 'augmentation'>): string {
  const content = JSON.stringify([task.question, task.source, task.augmentation ?? null]);
  return createHash('sha256').update(content).digest('hex');
}
