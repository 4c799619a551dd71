import { Injectable } from '@nestjs/common';
import type { EnvCompilerJobReport, PayloadOf, Registry } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { GetJobStatusUseCase } from './get-job-status.use-case';

/** Maps the job status RPC to its use case. */
@Injectable()
export class JobStatusHandler {
  constructor(private readonly getStatus: GetJobStatusUseCase) {}

  @HandleMessage('env-compiler.job.status')
  async onStatus(payload: PayloadOf<Registry, 'env-compiler.job.status'>, _ctx: MessageContext): Promise<EnvCompilerJobReport> {
    return this.getStatus.execute(payload.jobId);
  }
}
