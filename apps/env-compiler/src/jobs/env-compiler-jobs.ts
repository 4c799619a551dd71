import { Injectable } from '@nestjs/common';
import { type EnvCompilerJobKind, type EnvSynthesisSummary, EnvSynthesisSummarySchema } from '@astra/contracts';
import { EnvCompilerJobRepository } from '@astra/persistence/env-compiler';
import { JobKinds, JobRunner, type ResultDecoders } from '@astra/platform/jobs';
import { z } from 'zod';

/** What each kind of env-compiler job produces (one per EnvCompilerJobKindSchema entry): stored as its result, spread into its report. */
export type EnvCompilerJobResults = {
  'env-synthesis': { synthesis: EnvSynthesisSummary };
};

// Checks a stored result against its contract instead of trusting the database; a kind without a decoder does not compile.
const DECODERS: ResultDecoders<EnvCompilerJobResults> & Record<EnvCompilerJobKind, unknown> = {
  'env-synthesis': z.object({ synthesis: EnvSynthesisSummarySchema }),
};

/** env-compiler's durable jobs: the platform job runner over the env_compiler_jobs table. */
@Injectable()
export class EnvCompilerJobs extends JobKinds<EnvCompilerJobResults> {
  constructor(runner: JobRunner, jobs: EnvCompilerJobRepository) {
    super(runner, jobs, DECODERS);
  }
}
