import { Injectable } from '@nestjs/common';
import {
  type TaskGenerationSummary,
  TaskGenerationSummarySchema,
  type TrajectorySynthesisSummary,
  TrajectorySynthesisSummarySchema,
  type TrajectorySynthJobKind,
} from '@astra/contracts';
import { TrajectorySynthJobRepository } from '@astra/persistence/trajectory-synth';
import { JobKinds, JobRunner, type ResultDecoders } from '@astra/platform/jobs';
import { z } from 'zod';

/** What each kind of trajectory-synth job produces (one per TrajectorySynthJobKindSchema entry): stored as its result, spread into its report. */
export type TrajectorySynthJobResults = {
  'task-generation': { tasks: TaskGenerationSummary };
  'trajectory-synthesis': { trajectories: TrajectorySynthesisSummary };
  'trajectory-judging': { trajectories: TrajectorySynthesisSummary };
};

// Checks a stored result against its contract instead of trusting the database; a kind without a decoder does not compile.
const DECODERS: ResultDecoders<TrajectorySynthJobResults> & Record<TrajectorySynthJobKind, unknown> = {
  'task-generation': z.object({ tasks: TaskGenerationSummarySchema }),
  'trajectory-synthesis': z.object({ trajectories: TrajectorySynthesisSummarySchema }),
  'trajectory-judging': z.object({ trajectories: TrajectorySynthesisSummarySchema }),
};

/** trajectory-synth's durable jobs: the platform job runner over the trajectory_synth_jobs table. */
@Injectable()
export class TrajectorySynthJobs extends JobKinds<TrajectorySynthJobResults> {
  constructor(runner: JobRunner, jobs: TrajectorySynthJobRepository) {
    super(runner, jobs, DECODERS);
  }
}
