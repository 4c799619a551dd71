import { BusError } from '@astra/contracts';
import { type JobReport, pendingJobReport, toJobReport } from './job-report';
import type { JobRunner } from './job-runner';
import type { JobTable } from './job-table';
import type { JobContext, JobDelivery } from './job.types';

/** Checks a stored result of one kind against its contract (a zod schema fits). */
export interface ResultDecoder<R> {
  parse(stored: unknown): R;
}

/** The result decoder of every kind of a service's jobs. */
export type ResultDecoders<Results> = { readonly [K in keyof Results]: ResultDecoder<Results[K]> };

/** A report of any of the kinds in `Results`. */
export type AnyJobReport<Results> = { [K in keyof Results & string]: JobReport<K, Results[K]> }[keyof Results & string];

/**
 * The durable jobs of one service: JobRunner over the service's job table, for the kinds of `Results` (kind -> result
 * type). A service extends it as an injectable class naming its table and decoders (see GraphJobs in graph-miner).
 */
export class JobKinds<Results extends Record<string, object>> {
  constructor(
    private readonly runner: JobRunner,
    private readonly table: JobTable,
    private readonly decoders: ResultDecoders<Results>,
  ) {}

  /** Runs one delivery of a `kind` job (see JobRunner.run) and reports it. */
  async run<K extends keyof Results & string>(
    kind: K,
    request: { readonly jobId: string },
    delivery: JobDelivery,
    work: (job: JobContext) => Promise<Results[K]>,
  ): Promise<JobReport<K, Results[K]>> {
    const decoder = this.decoders[kind];
    const store = this.table.storeOf(kind, (stored) => decoder.parse(stored));
    const record = await this.runner.run({ kind, jobId: request.jobId, request, store, delivery, work });
    return toJobReport(kind, record);
  }

  /** The report of a job of any kind, read from the table; pending when no delivery has begun it. */
  async status(jobId: string): Promise<AnyJobReport<Results> | JobReport<never, object>> {
    const found = await this.table.find(jobId);
    if (!found) return pendingJobReport(jobId);
    if (!Object.hasOwn(this.decoders, found.kind)) throw new BusError('INTERNAL', `job ${jobId} has the unknown kind "${found.kind}"`);
    const kind = found.kind as keyof Results & string;
    const { result, ...record } = found.record;
    const decoded = result === undefined ? record : { ...record, result: this.decoders[kind].parse(result) };
    return toJobReport(kind, decoded) as AnyJobReport<Results>;
  }
}
