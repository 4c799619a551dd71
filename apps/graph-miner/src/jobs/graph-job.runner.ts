import { Injectable } from '@nestjs/common';
import { BusError, type GraphJobKind, type GraphJobReport } from '@astra/contracts';
import { MessageBus } from '@astra/platform/bus';
import { GraphJobRepository } from '@astra/persistence/graph-miner';
import { composeJobReport } from './job-report';
import { WorkCancellation } from './work-cancellation';

/** What a job's work gets: a way to report progress and a checkpoint to call between two units of work. */
export interface JobHandle {
  progress(done: number, total?: number): Promise<void>;
  /** Lets the event loop run, then throws a retryable error once shutdown has begun, so the redelivery continues. */
  checkpoint(): Promise<void>;
}

/** Which job to run, and whether this is the command's last delivery (then every error is recorded, none retried). */
export interface JobSpec {
  readonly jobId: string;
  readonly kind: GraphJobKind;
  readonly request: Record<string, unknown>;
  readonly lastDelivery: boolean;
}

const now = () => new Date().toISOString();

/**
 * Runs a durable graph-miner job: records its progress, its result or its error, and publishes graph.job.completed.
 * A finished job is not run again. An error that retrying cannot fix (an unknown server, no model configured) is a
 * recorded outcome, not a thrown one; a retryable error is thrown so the bus redelivers, until the last delivery.
 */
@Injectable()
export class GraphJobRunner {
  constructor(
    private readonly jobs: GraphJobRepository,
    private readonly bus: MessageBus,
    private readonly cancellation: WorkCancellation,
  ) {}

  async run(spec: JobSpec, work: (job: JobHandle) => Promise<Record<string, unknown>>): Promise<GraphJobReport> {
    const existing = await this.jobs.find(spec.jobId);
    if (existing && existing.status !== 'running') return composeJobReport(existing);
    await this.jobs.begin(spec.jobId, spec.kind, spec.request, now());
    // Progress writes go out one after another in the order they were asked for, so work running concurrently
    // never makes the stored count go back.
    let written = Promise.resolve();
    const handle: JobHandle = {
      progress: (done, total) => (written = written.then(() => this.jobs.setProgress(spec.jobId, total === undefined ? { done } : { done, total }, now()))),
      checkpoint: () => this.cancellation.checkpoint(`${spec.kind} ${spec.jobId}`),
    };
    try {
      const result = await this.cancellation.track(() => work(handle));
      await this.jobs.finish(spec.jobId, { status: 'completed', result }, now());
    } catch (error) {
      const failure = BusError.from(error);
      if (failure.retryable && !spec.lastDelivery) throw failure;
      await this.jobs.finish(spec.jobId, { status: 'failed', error: { code: failure.code, message: failure.message } }, now());
    }
    return this.publish(spec.jobId);
  }

  private async publish(jobId: string): Promise<GraphJobReport> {
    const job = await this.jobs.find(jobId);
    if (!job) throw new Error(`job ${jobId} has no row`);
    const report = composeJobReport(job);
    await this.bus.publish('graph.job.completed', report, { id: `graph-job-completed-${jobId}` });
    return report;
  }
}
