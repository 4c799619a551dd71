import { createHash } from 'node:crypto';
import type { TaskRecord, TaskSource } from '@astra/contracts';

/** A task over `source` needing `tools`, as the executors receive it. */
export function taskOver(source: TaskSource, tools: string[]): TaskRecord {
  return {
    id: createHash('sha256').update(JSON.stringify(source)).digest('hex'),
    jobId: 'job-exec-1',
    question: 'Do the thing the tools are for.',
    language: 'en',
    source,
    targetTools: tools,
    strategy: 'template',
    accepted: true,
    lineage: { seed: 1, inputs: [] },
    createdAt: new Date(0).toISOString(),
  };
}
