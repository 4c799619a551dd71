import type { EvalResult } from '@astra/contracts';
import type { TrainingJobEntity } from '@astra/persistence/trainer-gateway';
import type { JobContext } from '@astra/platform/jobs';
import type { RunControl } from './run-control';

/** One delivery's run of a training job on a backend. */
export interface RunContext {
  /** The job's row as the delivery began it. */
  readonly row: TrainingJobEntity;
  readonly job: JobContext;
  readonly control: RunControl;
  /** The job's folder: <ASTRA_DATA_DIR>/trainer-gateway/<jobId>. */
  readonly dir: string;
}

/** What a finished run produced besides its steps. */
export interface RunOutcome {
  readonly checkpointId?: string;
  readonly eval?: EvalResult;
}
