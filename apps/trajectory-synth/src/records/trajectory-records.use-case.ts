import { Injectable } from '@nestjs/common';
import { BusError, type PayloadOf, type Registry, type ResponseOf, type TrajectoryRecord } from '@astra/contracts';
import { TrajectoryRepository } from '@astra/persistence/trajectory-synth';
import { decodeCursor, encodeCursor, pageOf } from '@astra/platform/bus';
import { toTrajectorySummary } from './record-views';
import { PositionSchema } from './task-records.use-case';

/** Pages of trajectories newest first, and one trajectory by id or unique prefix. */
@Injectable()
export class TrajectoryRecordsUseCase {
  constructor(private readonly trajectories: TrajectoryRepository) {}

  async list(
    request: PayloadOf<Registry, 'trajectory-synth.trajectory.list'>,
  ): Promise<ResponseOf<Registry, 'trajectory-synth.trajectory.list'>> {
    const after = request.cursor ? decodeCursor(request.cursor, PositionSchema) : undefined;
    const { cursor: _cursor, limit, ...filter } = request;
    const rows = await this.trajectories.list(filter, after, limit + 1);
    const page = pageOf(rows.map(toTrajectorySummary), limit, (t) => encodeCursor({ createdAt: t.createdAt, id: t.id }));
    return { trajectories: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async show(id: string): Promise<{ trajectory: TrajectoryRecord }> {
    const trajectory = await this.trajectories.findByPrefix(id);
    if (trajectory === 'ambiguous')
      throw new BusError('VALIDATION_FAILED', `trajectory id prefix ${id} names several trajectories: give more digits`);
    if (!trajectory) throw new BusError('NOT_FOUND', `no trajectory ${id}`);
    return { trajectory };
  }
}
