import { Injectable } from '@nestjs/common';
import { BusError, contentHash, type PayloadOf, type Registry, type ResponseOf } from '@astra/contracts';
import { exportLine, splitOf } from '@astra/domain/trajectories';
import { TaskRepository, TrajectoryRepository } from '@astra/persistence/trajectory-synth';
import { decodeCursor, encodeCursor, pageOf } from '@astra/platform/bus';
import { Traced } from '@astra/platform/telemetry';
import { PositionSchema } from './task-records.use-case';

type ExportRequest = PayloadOf<Registry, 'trajectory-synth.trajectory.export'>;
type ExportResponse = ResponseOf<Registry, 'trajectory-synth.trajectory.export'>;

/** The split's seed of a job: the same job always splits its tasks the same way. */
export function splitSeed(jobId: string): number {
  return Number.parseInt(contentHash({ jobId, purpose: 'sft-split' }).slice(0, 7), 16);
}

/** A job's accepted trajectories as SFT lines in one format, oldest first, each with its train/validation split. */
@Injectable()
export class ExportTrajectoriesUseCase {
  constructor(
    private readonly trajectories: TrajectoryRepository,
    private readonly tasks: TaskRepository,
  ) {}

  @Traced()
  async execute(request: ExportRequest): Promise<ExportResponse> {
    const after = request.cursor ? decodeCursor(request.cursor, PositionSchema) : undefined;
    const rows = await this.trajectories.ofJob(request.jobId, after, request.limit + 1, true);
    const tasks = new Map((await this.tasks.byIds([...new Set(rows.map((r) => r.taskId))])).map((t) => [t.id, t]));
    const seed = splitSeed(request.jobId);
    const records = rows.map((row) => {
      const task = tasks.get(row.taskId);
      if (!task) throw new BusError('NOT_FOUND', `trajectory ${row.id} names task ${row.taskId}, which is not stored`);
      const line = exportLine(request.format, row.record, task);
      return { split: splitOf(task.id, seed, request.validationFraction), line, position: { createdAt: row.createdAt, id: row.id } };
    });
    const page = pageOf(records, request.limit, (r) => encodeCursor(r.position));
    return {
      records: page.items.map(({ split, line }) => ({ split, line })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}
