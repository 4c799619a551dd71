import { Injectable } from '@nestjs/common';
import type { TrainerGatewayJobReport } from '@astra/contracts';
import { Traced } from '@astra/platform/telemetry';
import { TrainingRecords } from '../training/training-records';
import { TrainerGatewayJobs } from './trainer-gateway-jobs';

/** The progress and report of one trainer-gateway job, with the training job as stored now (also while it runs). */
@Injectable()
export class GetJobStatusUseCase {
  constructor(
    private readonly jobs: TrainerGatewayJobs,
    private readonly records: TrainingRecords,
  ) {}

  @Traced()
  async execute(jobId: string): Promise<TrainerGatewayJobReport> {
    const report = await this.jobs.status(jobId);
    const row = await this.records.jobs.find(jobId);
    if (!row) return report;
    const training = await this.records.summary(jobId);
    return {
      ...report,
      ...(training ? { training } : {}),
      ...(row.checkpointId && row.kind !== 'eval' ? { checkpointId: row.checkpointId } : {}),
      ...(row.evalResult ? { eval: row.evalResult } : {}),
    };
  }
}
