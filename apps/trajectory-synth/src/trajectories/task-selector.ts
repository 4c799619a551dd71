import { Injectable } from '@nestjs/common';
import { BusError, type TaskRecord, type TaskSelection } from '@astra/contracts';
import { TaskRepository } from '@astra/persistence/trajectory-synth';

/** The accepted tasks a trajectory job solves: a task job's, or the ones named by id or unique prefix. */
@Injectable()
export class TaskSelector {
  constructor(private readonly tasks: TaskRepository) {}

  async select(selection: TaskSelection): Promise<TaskRecord[]> {
    if (selection.jobId !== undefined) {
      const tasks = await this.tasks.ofJob(selection.jobId, true, selection.limit);
      if (tasks.length === 0) throw new BusError('NOT_FOUND', `task job ${selection.jobId} has no accepted tasks`);
      return tasks;
    }
    const named: TaskRecord[] = [];
    for (const id of new Set(selection.ids ?? [])) named.push(await this.byId(id));
    return selection.limit === undefined ? named : named.slice(0, selection.limit);
  }

  private async byId(id: string): Promise<TaskRecord> {
    const task = await this.tasks.findByPrefix(id);
    if (task === 'ambiguous') throw new BusError('VALIDATION_FAILED', `task id prefix ${id} names several tasks: give more digits`);
    if (!task) throw new BusError('NOT_FOUND', `no task ${id}`);
    if (!task.accepted)
      throw new BusError(
        'VALIDATION_FAILED',
        `task ${task.id} was rejected (${task.rejectReason ?? 'no reason'}): only accepted tasks are solved`,
      );
    return task;
  }
}
