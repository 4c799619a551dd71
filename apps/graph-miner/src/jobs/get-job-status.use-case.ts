import { Injectable } from '@nestjs/common';
import { GraphJobKindSchema, type GraphJobReport } from '@astra/contracts';
import { GraphJobRepository } from '@astra/persistence/graph-miner';
import { Traced } from '@astra/platform/telemetry';
import { composeJobReport, decodeJobResult, pendingJobReport } from './job-report';

/** The progress and report of one graph build or chain verification, read from the database. */
@Injectable()
export class GetJobStatusUseCase {
  constructor(private readonly jobs: GraphJobRepository) {}

  @Traced()
  async execute(jobId: string): Promise<GraphJobReport> {
    const found = await this.jobs.find(jobId);
    if (!found) return pendingJobReport(jobId);
    const kind = GraphJobKindSchema.parse(found.kind);
    const { result, ...job } = found.record;
    return composeJobReport(kind, result === undefined ? job : { ...job, result: decodeJobResult(kind, result) });
  }
}
