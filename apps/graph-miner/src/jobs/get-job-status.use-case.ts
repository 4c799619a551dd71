import { Injectable } from '@nestjs/common';
import type { GraphJobReport } from '@astra/contracts';
import { Traced } from '@astra/platform/telemetry';
import { GraphJobs } from './graph-jobs';

/** The progress and report of one graph build or chain verification, read from the database. */
@Injectable()
export class GetJobStatusUseCase {
  constructor(private readonly jobs: GraphJobs) {}

  @Traced()
  async execute(jobId: string): Promise<GraphJobReport> {
    return this.jobs.status(jobId);
  }
}
