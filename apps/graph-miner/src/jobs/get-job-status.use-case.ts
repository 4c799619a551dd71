import { Injectable } from '@nestjs/common';
import type { GraphJobReport } from '@astra/contracts';
import { GraphJobRepository } from '@astra/persistence/graph-miner';
import { Traced } from '@astra/platform/telemetry';
import { composeJobReport, pendingJobReport } from './job-report';

/** The progress and report of one graph build or chain verification, read from the database. */
@Injectable()
export class GetJobStatusUseCase {
  constructor(private readonly jobs: GraphJobRepository) {}

  @Traced()
  async execute(jobId: string): Promise<GraphJobReport> {
    const job = await this.jobs.find(jobId);
    return job ? composeJobReport(job) : pendingJobReport(jobId);
  }
}
