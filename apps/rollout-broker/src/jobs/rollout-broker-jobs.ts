import { Injectable } from '@nestjs/common';
import { type RolloutBatchSummary, RolloutBatchSummarySchema, type RolloutBrokerJobKind } from '@astra/contracts';
import { RolloutBrokerJobRepository } from '@astra/persistence/rollout-broker';
import { JobKinds, JobRunner, type ResultDecoders } from '@astra/platform/jobs';
import { z } from 'zod';

/** What each kind of rollout-broker job produces (one per RolloutBrokerJobKindSchema entry): stored as its result, spread into its report. */
export type RolloutBrokerJobResults = {
  'rollout-batch': { batch: RolloutBatchSummary };
};

// Checks a stored result against its contract instead of trusting the database; a kind without a decoder does not compile.
const DECODERS: ResultDecoders<RolloutBrokerJobResults> & Record<RolloutBrokerJobKind, unknown> = {
  'rollout-batch': z.object({ batch: RolloutBatchSummarySchema }),
};

/** rollout-broker's durable jobs: the platform job runner over the rollout_broker_jobs table. */
@Injectable()
export class RolloutBrokerJobs extends JobKinds<RolloutBrokerJobResults> {
  constructor(runner: JobRunner, jobs: RolloutBrokerJobRepository) {
    super(runner, jobs, DECODERS);
  }
}
