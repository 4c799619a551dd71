import { Injectable } from '@nestjs/common';
import { BuiltGraphSchema, type GraphJobReport, type PayloadOf, type Registry } from '@astra/contracts';
import { GraphJobRepository } from '@astra/persistence/graph-miner';
import { type JobRecord, toJobReport } from '@astra/platform/jobs';
import { Traced } from '@astra/platform/telemetry';
import { z } from 'zod';
import { decodeCursor, encodeCursor, pageOf } from '@astra/platform/bus';
import { GraphJobs } from './graph-jobs';

const INDEX_KEY = z.tuple([z.number().int().nonnegative()]);
const STORED_GRAPHS = z.object({ graphs: z.array(z.unknown()) });

type StatusQuery = PayloadOf<Registry, 'graph.job.status'>;

/**
 * The progress and report of one graph build or chain verification, read from the database. A finished build's
 * graphs come one page at a time (the first unless a cursor is given), with their total, so the reply stays small
 * however many servers the build covered; while a job runs its row holds no result, so polling reads only its progress.
 */
@Injectable()
export class GetJobStatusUseCase {
  constructor(
    private readonly jobs: GraphJobs,
    private readonly table: GraphJobRepository,
  ) {}

  @Traced()
  async execute(query: StatusQuery): Promise<GraphJobReport> {
    const found = await this.table.find(query.jobId);
    if (found?.kind === 'graph-build' && found.record.result !== undefined) return buildReportPage(found.record, query);
    return this.jobs.status(query.jobId);
  }
}

/**
 * A build's report with one page of its graphs; the cursor is the index of the last graph of the previous page.
 * Only the page's graphs are checked against their contract, so a page of a large build costs its own size.
 */
function buildReportPage(record: JobRecord<unknown>, query: StatusQuery): GraphJobReport {
  const { graphs } = STORED_GRAPHS.parse(record.result);
  const start = query.cursor === undefined ? 0 : decodeCursor(query.cursor, INDEX_KEY)[0] + 1;
  const indexed = graphs.slice(start, start + query.limit + 1).map((graph, i) => ({ index: start + i, graph }));
  const page = pageOf(indexed, query.limit, (row) => encodeCursor([row.index]));
  const report = toJobReport('graph-build', {
    ...record,
    result: { graphs: z.array(BuiltGraphSchema).parse(page.items.map((row) => row.graph)) },
  });
  return { ...report, graphsTotal: graphs.length, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
