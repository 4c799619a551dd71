import { Injectable } from '@nestjs/common';
import { BusError, type PayloadOf, type Registry, type ResponseOf } from '@astra/contracts';
import { EnvironmentRepository, type EnvironmentPosition, type ListedEnvironment } from '@astra/persistence/env-compiler';
import { decodeCursor, encodeCursor, pageOf } from '@astra/platform/bus';
import { z } from 'zod';
import { toEnvironmentRecord, toEnvironmentSummary } from './environment-views';

const PositionSchema = z.union([z.object({ unitIndex: z.number().int() }), z.object({ createdAt: z.string(), id: z.string() })]);

type ListRequest = PayloadOf<Registry, 'env-compiler.environment.list'>;
type ExportRequest = PayloadOf<Registry, 'env-compiler.environment.export'>;

/** Pages of published environments: summaries newest first (list), whole records oldest first (export). */
@Injectable()
export class ListEnvironmentsUseCase {
  constructor(private readonly environments: EnvironmentRepository) {}

  async list(request: ListRequest): Promise<ResponseOf<Registry, 'env-compiler.environment.list'>> {
    const rows = await this.rows(request, 'DESC');
    const page = pageOf(rows, request.limit, (row) => encodeCursor(row.position));
    return { environments: page.items.map((row) => toEnvironmentSummary(row.environment, row.split)), ...this.next(page.nextCursor) };
  }

  async export(request: ExportRequest): Promise<ResponseOf<Registry, 'env-compiler.environment.export'>> {
    const rows = await this.rows(request, 'ASC');
    const records = rows.map((row) => ({
      ...toEnvironmentRecord(row.environment),
      ...(row.split ? { split: row.split } : {}),
      position: row.position,
    }));
    const page = pageOf(records, request.limit, (row) => encodeCursor(row.position));
    return { environments: page.items.map(({ position: _position, ...record }) => record), ...this.next(page.nextCursor) };
  }

  private rows(request: ListRequest | ExportRequest, order: 'ASC' | 'DESC'): Promise<ListedEnvironment[]> {
    // A split belongs to the job that made it: the same environment can train in one run and be held out in another.
    if (request.split !== undefined && request.jobId === undefined) {
      throw new BusError('VALIDATION_FAILED', 'a split is a property of the job that made the environments: name the job with the split');
    }
    const after: EnvironmentPosition | undefined = request.cursor ? decodeCursor(request.cursor, PositionSchema) : undefined;
    const { cursor: _cursor, limit, ...filter } = request;
    return this.environments.list(filter, after, limit + 1, order);
  }

  private next(cursor: string | undefined): { nextCursor?: string } {
    return cursor ? { nextCursor: cursor } : {};
  }
}
