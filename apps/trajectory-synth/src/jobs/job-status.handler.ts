import { Injectable } from '@nestjs/common';
import type { TrajectorySynthJobReport, PayloadOf, Registry } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { GetJobStatusUseCase } from './get-job-status.use-case';

/** Maps the job status RPC to its use case. */
@Injectable()
export class JobStatusHandler {
  constructor(private readonly getStatus: GetJobStatusUseCase) {}

  @HandleMessage('trajectory-synth.job.status')
  async onStatus(payload: PayloadOf<Registry, 'trajectory-synth.job.status'>, _ctx: MessageContext): Promise<TrajectorySynthJobReport> {
    return this.getStatus.execute(payload.jobId);
  }
}
