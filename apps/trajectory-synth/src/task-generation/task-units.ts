import type { TaskGenerationRequest, TaskRecord } from '@astra/contracts';

/**
 * Port of the task generator (tasks/task-generator.ts): how many units a request has, and the tasks of one unit
 * (accepted and rejected, each with its scores). A refusal of a unit's input throws a final BusError; a fault of a
 * dependency (a model endpoint, another service) a retryable one.
 */
export interface TaskUnits {
  plan(request: TaskGenerationRequest): Promise<number>;
  make(request: TaskGenerationRequest, unitIndex: number): Promise<TaskRecord[]>;
}

/** Injection token of the TaskUnits. */
export const TASK_UNITS = Symbol.for('astra.trajectory-synth.task-units');
