import { Injectable } from '@nestjs/common';
import { jobFault } from './job-fault';
import type { JobContext, JobOutcome, JobRecord, JobSpec } from './job.types';
import { ProgressWriter } from './progress-writer';
import { WorkCancellation } from './work-cancellation';

const now = () => new Date().toISOString();

/**
 * Runs one delivery of a durable job: begins (or resumes) its row, runs its work with progress and checkpoints,
 * stores its result or its error, and returns the finished job. A finished job is not run again. A final error
 * (retrying cannot fix it) is a recorded outcome; a retryable error is thrown so the bus redelivers, except on the
 * last delivery, where it is recorded too: the handler returns, the message is acked, and the job ends as failed
 * with its reason instead of staying running after its message is dead-lettered.
 */
@Injectable()
export class JobRunner {
  constructor(private readonly cancellation: WorkCancellation) {}

  /** Runs the job unless it has finished; resolves with the finished job or rejects with a retryable BusError. */
  run<Q, R>(spec: JobSpec<Q, R>): Promise<JobRecord<R>> {
    // Shutdown waits for the whole delivery, so the outcome is stored before the database closes.
    return this.cancellation.track(() => this.deliver(spec));
  }

  private async deliver<Q, R>(spec: JobSpec<Q, R>): Promise<JobRecord<R>> {
    try {
      return await this.deliverOnce(spec);
    } catch (error) {
      // The store's own faults too: a write the database refuses is final, a lost connection is retried.
      throw jobFault(error);
    }
  }

  private async deliverOnce<Q, R>(spec: JobSpec<Q, R>): Promise<JobRecord<R>> {
    const existing = await spec.store.find(spec.jobId);
    if (existing && existing.status !== 'running') {
      await spec.onFinished?.(existing);
      return existing;
    }
    const started = await spec.store.begin(spec.jobId, spec.request, now());
    const progress = new ProgressWriter(started.progress, (next) => spec.store.setProgress(spec.jobId, next, now()));
    const outcome = await this.attempt(spec, progress);
    const finishedAt = now();
    await spec.store.finish(spec.jobId, outcome, finishedAt);
    const { jobId, attempts, startedAt } = started;
    const ending = outcome.status === 'completed' ? { result: outcome.result } : { error: outcome.error };
    const record: JobRecord<R> = { jobId, status: outcome.status, progress: progress.current, attempts, startedAt, finishedAt, ...ending };
    await spec.onFinished?.(record);
    return record;
  }

  /** The work's outcome, or a thrown retryable error while deliveries remain. */
  private async attempt<Q, R>(spec: JobSpec<Q, R>, progress: ProgressWriter): Promise<JobOutcome<R>> {
    const job: JobContext = {
      jobId: spec.jobId,
      progress: (done, total) => progress.report(done, total),
      checkpoint: () => this.cancellation.checkpoint(`${spec.kind} ${spec.jobId}`),
    };
    try {
      return { status: 'completed', result: await spec.work(job) };
    } catch (error) {
      // By kind: a value the database refuses or input nested too deeply fails at once; a lost connection is retried.
      const failure = jobFault(error);
      if (failure.retryable && !spec.delivery.lastDelivery) throw failure;
      return { status: 'failed', error: { code: failure.code, message: failure.message } };
    } finally {
      await progress.idle();
    }
  }
}
