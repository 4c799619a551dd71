import { Injectable } from '@nestjs/common';
import type { TrainerGatewayJobReport, PayloadOf, Registry } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { GetJobStatusUseCase } from './get-job-status.use-case';

/** Maps the job status RPC to its use case. */
@Injectable()
export class JobStatusHandler {
  constructor(private readonly getStatus: GetJobStatusUseCase) {}

  @HandleMessage('trainer-gateway.job.status')
  async onStatus(payload: PayloadOf<Registry, 'trainer-gateway.job.status'>, _ctx: MessageContext): Promise<TrainerGatewayJobReport> {
    return this.getStatus.execute(payload.jobId);
  }
}
