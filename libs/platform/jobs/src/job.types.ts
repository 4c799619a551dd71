import type { MessageContext } from '@astra/platform/bus';

/** Where a stored job stands; a completed or failed job is never run again. */
export type JobStatus = 'running' | 'completed' | 'failed';

/** Why a job failed, as it is stored and reported: a BusError's code and message. */
export interface JobFailure {
  readonly code: string;
  readonly message: string;
}

/** Units of work done out of the units in scope (total is 0 until the work knows it). */
export interface JobProgress {
  readonly done: number;
  readonly total: number;
}

/** One stored job as the runner sees it; `R` is the job's result type. */
export interface JobRecord<R> {
  readonly jobId: string;
  readonly status: JobStatus;
  readonly progress: JobProgress;
  /** Deliveries of the command that worked on the job (more than 1 after a crash or a retryable fault). */
  readonly attempts: number;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Present once the job completed. */
  readonly result?: R;
  /** Present once the job failed. */
  readonly error?: JobFailure;
}

/** How a job ended. */
export type JobOutcome<R> =
  { readonly status: 'completed'; readonly result: R } | { readonly status: 'failed'; readonly error: JobFailure };

/**
 * Port: where the owning service keeps its job rows (implemented in libs/persistence/<service>). `Q` is the job's
 * request, `R` its result. Times are ISO strings the runner passes in.
 */
export interface JobStore<Q, R> {
  /** The stored job, or null when no delivery has begun it. */
  find(jobId: string): Promise<JobRecord<R> | null>;
  /** Creates the job as running with 1 attempt, or counts one more attempt of a job that is still running. */
  begin(jobId: string, request: Q, now: string): Promise<JobRecord<R>>;
  /** Stores the progress the runner computed (it only ever asks for counts that do not go back). */
  setProgress(jobId: string, progress: JobProgress, now: string): Promise<void>;
  /** Stores the outcome and the finish time. */
  finish(jobId: string, outcome: JobOutcome<R>, now: string): Promise<void>;
}

/** Which delivery of the command this is: a MessageContext fits. On the last one every fault is recorded. */
export type JobDelivery = Pick<MessageContext, 'deliveryCount' | 'lastDelivery'>;

/** What a job's work gets from the runner. */
export interface JobContext {
  readonly jobId: string;
  /**
   * Reports `done` units, and `total` when it becomes known or changes. Writes go out one at a time in call order,
   * and within one total the stored count never goes back (a redelivery that starts counting again from 0 keeps
   * the count the last delivery reached until it passes it).
   */
  progress(done: number, total?: number): Promise<void>;
  /**
   * Call between two units of work. Yields to the event loop, so the bus's heartbeat timer (which keeps the message
   * from being redelivered while the job runs), RPCs and probes run even when each unit is synchronous; throws a
   * retryable error once the service is shutting down, so the redelivery carries on from the next unit.
   */
  checkpoint(): Promise<void>;
}

/** One delivery of one job for JobRunner.run. */
export interface JobSpec<Q, R> {
  /** Names the job in errors, e.g. "graph-build". */
  readonly kind: string;
  readonly jobId: string;
  readonly request: Q;
  readonly store: JobStore<Q, R>;
  readonly delivery: JobDelivery;
  /** The job itself; what it returns is stored as the result. Throw a BusError to fail (final) or retry (retryable). */
  readonly work: (job: JobContext) => Promise<R>;
  /**
   * Called with the finished job after its outcome is stored, and again whenever a redelivery finds it finished (so
   * a completion lost to a crash is sent after all): publish a completion event here with an id derived from the job.
   */
  readonly onFinished?: (record: JobRecord<R>) => Promise<void>;
}
