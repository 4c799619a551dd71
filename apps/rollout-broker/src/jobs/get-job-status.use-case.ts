import { Injectable } from '@nestjs/common';
import type { RolloutBrokerJobReport } from '@astra/contracts';
import { Traced } from '@astra/platform/telemetry';
import { RolloutBrokerJobs } from './rollout-broker-jobs';

/** The progress and report of one rollout-broker job of any kind, read from the database. */
@Injectable()
export class GetJobStatusUseCase {
  constructor(private readonly jobs: RolloutBrokerJobs) {}

  @Traced()
  async execute(jobId: string): Promise<RolloutBrokerJobReport> {
    return this.jobs.status(jobId);
  }
}
