import { Injectable } from '@nestjs/common';
import type { TrajectorySynthJobReport } from '@astra/contracts';
import { Traced } from '@astra/platform/telemetry';
import { TrajectorySynthJobs } from './trajectory-synth-jobs';

/** The progress and report of one trajectory-synth job of any kind, read from the database. */
@Injectable()
export class GetJobStatusUseCase {
  constructor(private readonly jobs: TrajectorySynthJobs) {}

  @Traced()
  async execute(jobId: string): Promise<TrajectorySynthJobReport> {
    return this.jobs.status(jobId);
  }
}
