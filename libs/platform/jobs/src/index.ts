/**
 * Durable jobs for a Nest service. Import JobsModule; let the service's persistence lib implement JobStore for its
 * job table; in the command's handler call
 *   runner.run({ kind, jobId: payload.jobId, request: payload, store, delivery: ctx, work: async (job) => { ... } })
 * where the work calls job.checkpoint() between units and job.progress(done, total), and returns the typed result;
 * the job's status RPC reads the same store.
 */
export * from './job.types';
export { JobRunner } from './job-runner';
export { JobsModule } from './jobs.module';
export { mapConcurrent } from './map-concurrent';
export { WorkCancellation } from './work-cancellation';
export { InMemoryJobStore } from './memory/in-memory-job-store';
