import { setTimeout as delay } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { BusError, type PayloadOf, type Registry, type ResponseOf } from '@astra/contracts';
import { decodeCursor, encodeCursor } from '@astra/platform/bus';
import { Traced } from '@astra/platform/telemetry';
import { z } from 'zod';
import { RunControls } from './run-control';
import { TrainingRecords } from './training-records';
import { toSummary } from './training-views';

const PositionSchema = z.object({ createdAt: z.string(), jobId: z.string() });

// How long job.cancel waits for a run on some instance to stop before it answers with the status then.
const CANCEL_WAIT_MS = 3000;

/** job.list, job.show and job.cancel over the stored training jobs. */
@Injectable()
export class TrainingQueriesUseCase {
  constructor(
    private readonly records: TrainingRecords,
    private readonly controls: RunControls,
  ) {}

  @Traced()
  async list(request: PayloadOf<Registry, 'trainer-gateway.job.list'>): Promise<ResponseOf<Registry, 'trainer-gateway.job.list'>> {
    const after = request.cursor ? decodeCursor(request.cursor, PositionSchema) : undefined;
    const filter = {
      ...(request.kind ? { kind: request.kind } : {}),
      ...(request.status ? { status: request.status } : {}),
      ...(request.backend ? { backend: request.backend } : {}),
    };
    const rows = await this.records.jobs.list(filter, after, request.limit + 1);
    const page = rows.slice(0, request.limit);
    const jobs = await Promise.all(page.map(async (row) => toSummary(row, await this.records.metrics.last(row.jobId))));
    const last = page.at(-1);
    const more = rows.length > page.length && last !== undefined;
    return { jobs, ...(more ? { nextCursor: encodeCursor({ createdAt: last.createdAt, jobId: last.jobId }) } : {}) };
  }

  @Traced()
  async show(jobId: string): Promise<ResponseOf<Registry, 'trainer-gateway.job.show'>> {
    const job = await this.records.record(jobId);
    if (!job) throw new BusError('NOT_FOUND', `no training job ${jobId}`);
    return { job };
  }

  /**
   * Flags the job to stop; the instance running it kills its worker (or deletes its pods) and ends it cancelled.
   * Answers once it ended, or with its status after a short wait; a job that had ended stays as it was.
   */
  @Traced()
  async cancel(jobId: string): Promise<ResponseOf<Registry, 'trainer-gateway.job.cancel'>> {
    const row = await this.records.jobs.find(jobId);
    if (!row) throw new BusError('NOT_FOUND', `no training job ${jobId}`);
    if (!(await this.records.jobs.requestCancel(jobId, new Date().toISOString()))) return { jobId, status: row.status };
    await this.controls.wake(jobId);
    const deadline = Date.now() + CANCEL_WAIT_MS;
    for (;;) {
      const now = await this.records.jobs.find(jobId);
      const status = now?.status ?? row.status;
      if (status !== 'running' && status !== 'queued') return { jobId, status };
      if (Date.now() > deadline) return { jobId, status };
      await delay(100);
    }
  }
}
