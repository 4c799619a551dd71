/**
 * Durable jobs for a Nest service. Import JobsModule; the service's persistence lib holds its job table: an entity with
 * the JobRow columns and a repository extending TypeOrmJobTable (a JobTable: one row per job, any kind), or its own
 * JobStore for one kind; extend JobKinds with the service's result types:
 *   @Injectable() class MyJobs extends JobKinds<{ 'my-kind': MyResult }> {
 *     constructor(runner: JobRunner, table: MyJobRepository) { super(runner, table, { 'my-kind': MyResultSchema }); }
 *   }
 * and in the command's use case call
 *   jobs.run('my-kind', payload, ctx, async (job) => { ... })
 * where the work calls job.checkpoint() between units and job.progress(done, total), and returns the typed result;
 * the job's status RPC answers jobs.status(jobId). The service generator (npm run new-service) sets all this up.
 * JobRunner.run({ kind, jobId, request, store, delivery, work }) runs one delivery on any JobStore.
 */
export * from './job.types';
export * from './job-table';
export * from './job-report';
export { JobKinds, type AnyJobReport, type ResultDecoder, type ResultDecoders } from './job-kinds';
export { JobRunner } from './job-runner';
export { JobsModule } from './jobs.module';
export { mapConcurrent } from './map-concurrent';
export { WorkCancellation } from './work-cancellation';
export { InMemoryJobStore } from './memory/in-memory-job-store';
export { InMemoryJobTable } from './memory/in-memory-job-table';
export { TypeOrmJobTable, type JobRow } from './typeorm/typeorm-job-table';
