import { Injectable } from '@nestjs/common';
import { BusError, type PayloadOf, type Registry, type ResponseOf, type TaskRecord } from '@astra/contracts';
import { TaskRepository } from '@astra/persistence/trajectory-synth';
import { decodeCursor, encodeCursor, pageOf } from '@astra/platform/bus';
import { z } from 'zod';
import { toTaskSummary } from './record-views';

/** A listing's sort key: creation time and id. */
export const PositionSchema = z.object({ createdAt: z.string(), id: z.string() });

/** Pages of tasks newest first, and one task by id or unique prefix. */
@Injectable()
export class TaskRecordsUseCase {
  constructor(private readonly tasks: TaskRepository) {}

  async list(request: PayloadOf<Registry, 'trajectory-synth.task.list'>): Promise<ResponseOf<Registry, 'trajectory-synth.task.list'>> {
    const after = request.cursor ? decodeCursor(request.cursor, PositionSchema) : undefined;
    const filter = {
      ...(request.jobId !== undefined ? { jobId: request.jobId } : {}),
      ...(request.accepted !== undefined ? { accepted: request.accepted } : {}),
    };
    const rows = await this.tasks.list(filter, after, request.limit + 1);
    const page = pageOf(rows.map(toTaskSummary), request.limit, (t) => encodeCursor({ createdAt: t.createdAt, id: t.id }));
    return { tasks: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async show(id: string): Promise<{ task: TaskRecord }> {
    const task = await this.tasks.findByPrefix(id);
    if (task === 'ambiguous') throw new BusError('VALIDATION_FAILED', `task id prefix ${id} names several tasks: give more digits`);
    if (!task) throw new BusError('NOT_FOUND', `no task ${id}`);
    return { task };
  }
}
