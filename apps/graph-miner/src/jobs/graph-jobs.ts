import { Injectable } from '@nestjs/common';
import { type BuiltGraph, BuiltGraphSchema, type ChainVerification, ChainVerificationSchema } from '@astra/contracts';
import { GraphJobRepository } from '@astra/persistence/graph-miner';
import { JobKinds, JobRunner } from '@astra/platform/jobs';
import { z } from 'zod';

/** What each kind of graph job produces: stored as its result and spread into its report (GraphJobReport). */
export type GraphJobResults = {
  'graph-build': { graphs: BuiltGraph[] };
  'chains-verify': { verification: ChainVerification };
};

/** Graph builds and chain verifications as durable jobs: the platform runner over graph-miner's graph_jobs table. */
@Injectable()
export class GraphJobs extends JobKinds<GraphJobResults> {
  constructor(runner: JobRunner, jobs: GraphJobRepository) {
    // A stored result is checked against its contract instead of trusting the database.
    super(runner, jobs, {
      'graph-build': z.object({ graphs: z.array(BuiltGraphSchema) }),
      'chains-verify': z.object({ verification: ChainVerificationSchema }),
    });
  }
}
