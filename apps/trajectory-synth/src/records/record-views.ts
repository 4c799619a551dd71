import type { TaskRecord, TaskSummary, TrajectorySummary } from '@astra/contracts';
import type { TrajectoryHead } from '@astra/persistence/trajectory-synth';

/** Where a task came from, in a few words. */
function sourceOf(task: TaskRecord): string {
  switch (task.source.kind) {
    case 'chain':
      return `chain ${task.source.chainId} (${task.source.server})`;
    case 'server':
      return `server ${task.source.server}`;
    case 'environment':
      return `environment ${task.source.environmentId.slice(0, 12)}`;
  }
}

/** One line of a task listing. */
export function toTaskSummary(task: TaskRecord): TaskSummary {
  return {
    id: task.id,
    jobId: task.jobId,
    question: task.question,
    strategy: task.strategy,
    accepted: task.accepted,
    ...(task.rejectReason !== undefined ? { rejectReason: task.rejectReason } : {}),
    createdAt: task.createdAt,
    source: sourceOf(task),
    tools: task.targetTools.length,
    ...(task.augmentation ? { augmentation: task.augmentation.kind } : {}),
  };
}

/** One line of a trajectory listing. */
export function toTrajectorySummary(head: TrajectoryHead): TrajectorySummary {
  return {
    id: head.id,
    jobId: head.jobId,
    taskId: head.taskId,
    executor: head.executor,
    agent: head.agent,
    verdict: head.verdict,
    stop: head.stop,
    calls: head.calls,
    mean: head.mean,
    createdAt: head.createdAt,
  };
}
