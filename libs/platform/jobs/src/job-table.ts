import type { JobRecord, JobStore } from './job.types';

/** A stored job of any kind, its result read from storage but not yet checked against its contract. */
export interface StoredJob {
  readonly kind: string;
  readonly record: JobRecord<unknown>;
}

/**
 * Port: one table for every kind of job of a service (implemented in libs/persistence/<service>). The status RPC finds a
 * job of any kind; the runner works through the JobStore of one kind, whose `decode` checks a stored result.
 */
export interface JobTable {
  find(jobId: string): Promise<StoredJob | null>;
  /** The JobStore of one kind; finding a job of another kind under the id fails with CONFLICT. */
  storeOf<R>(kind: string, decode: (stored: unknown) => R): JobStore<object, R>;
}
