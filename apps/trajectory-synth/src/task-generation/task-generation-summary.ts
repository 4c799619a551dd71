import type { TaskGenerationSummary, TaskRecord } from '@astra/contracts';
import type { TaskUnitEntity } from '@astra/persistence/trajectory-synth';

const REASON_CHARS = 200;

/** What a task job came to, from its units and the tasks stored under it. */
export function summariseTasks(
  strategy: TaskGenerationSummary['strategy'],
  units: readonly TaskUnitEntity[],
  tasks: readonly TaskRecord[],
): TaskGenerationSummary {
  const rejections: Record<string, number> = {};
  const count = (reason: string) => (rejections[reason] = (rejections[reason] ?? 0) + 1);
  for (const task of tasks) if (!task.accepted) count(task.rejectReason ?? 'rejected');
  // A unit that made nothing says why; its reason is counted beside the tasks' own.
  for (const unit of units) if (unit.reason !== null) count(unit.reason.slice(0, REASON_CHARS));
  const accepted = tasks.filter((t) => t.accepted).length;
  return {
    strategy,
    generated: units.reduce((sum, u) => sum + u.tasks, 0),
    accepted,
    rejected: tasks.length - accepted,
    duplicates: units.reduce((sum, u) => sum + u.duplicates, 0),
    augmented: tasks.filter((t) => t.augmentation !== undefined).length,
    rejections,
  };
}
