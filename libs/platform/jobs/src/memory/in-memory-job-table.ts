import { BusError } from '@astra/contracts';
import type { JobTable, StoredJob } from '../job-table';
import type { JobProgress, JobRecord, JobStore } from '../job.types';
import { InMemoryJobStore } from './in-memory-job-store';

/** JobTable in memory for unit tests: every kind in one InMemoryJobStore, results kept as the work returned them. */
export class InMemoryJobTable implements JobTable {
  readonly memory = new InMemoryJobStore<object, unknown>();
  private readonly kinds = new Map<string, string>();

  /** Every progress write, in the order it was stored. */
  get progressWrites(): JobProgress[] {
    return this.memory.progressWrites;
  }

  async find(jobId: string): Promise<StoredJob | null> {
    const record = await this.memory.find(jobId);
    return record ? { kind: this.kinds.get(jobId) ?? '', record } : null;
  }

  storeOf<R>(kind: string): JobStore<object, R> {
    const memory = this.memory;
    const find = async (jobId: string) => {
      const stored = this.kinds.get(jobId);
      if (stored !== undefined && stored !== kind) throw new BusError('CONFLICT', `job ${jobId} is a ${stored} job, not a ${kind} job`);
      return (await memory.find(jobId)) as JobRecord<R> | null;
    };
    return {
      find,
      begin: async (jobId, request, now) => {
        await find(jobId);
        this.kinds.set(jobId, kind);
        return (await memory.begin(jobId, request, now)) as JobRecord<R>;
      },
      setProgress: (jobId, progress) => memory.setProgress(jobId, progress),
      finish: (jobId, outcome, now) => memory.finish(jobId, outcome, now),
    };
  }
}
