import { Injectable } from '@nestjs/common';
import type { TrainerGatewayJobReport } from '@astra/contracts';
import { Traced } from '@astra/platform/telemetry';
import { TrainerGatewayJobs } from './trainer-gateway-jobs';

/** The progress and report of one trainer-gateway job of any kind, read from the database. */
@Injectable()
export class GetJobStatusUseCase {
  constructor(private readonly jobs: TrainerGatewayJobs) {}

  @Traced()
  async execute(jobId: string): Promise<TrainerGatewayJobReport> {
    return this.jobs.status(jobId);
  }
}
