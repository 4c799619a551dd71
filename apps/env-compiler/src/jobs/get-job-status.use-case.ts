import { Injectable } from '@nestjs/common';
import type { EnvCompilerJobReport } from '@astra/contracts';
import { Traced } from '@astra/platform/telemetry';
import { EnvCompilerJobs } from './env-compiler-jobs';

/** The progress and report of one env-compiler job of any kind, read from the database. */
@Injectable()
export class GetJobStatusUseCase {
  constructor(private readonly jobs: EnvCompilerJobs) {}

  @Traced()
  async execute(jobId: string): Promise<EnvCompilerJobReport> {
    return this.jobs.status(jobId);
  }
}
