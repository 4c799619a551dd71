import { Injectable } from '@nestjs/common';
import type { GraphJobKind, GraphJobReport } from '@astra/contracts';
import { GraphJobRepository } from '@astra/persistence/graph-miner';
import { type JobContext, type JobDelivery, JobRunner } from '@astra/platform/jobs';
import { classifyFaults } from './job-fault';
import { composeJobReport, decodeJobResult, type GraphJobResult } from './job-report';

/** Graph builds and chain verifications as durable jobs: the platform runner over graph-miner's graph_jobs table. */
@Injectable()
export class GraphJobs {
  constructor(
    private readonly runner: JobRunner,
    private readonly jobs: GraphJobRepository,
  ) {}

  /**
   * Runs one delivery of a `kind` job (see JobRunner.run) and reports it in the graph job contract. Faults are
   * classified by kind (jobFault), so a value the database refuses fails the job at once instead of on the last delivery.
   */
  async run<K extends GraphJobKind>(kind: K, request: { readonly jobId: string }, delivery: JobDelivery, work: (job: JobContext) => Promise<GraphJobResult<K>>): Promise<GraphJobReport> {
    const store = this.jobs.storeOf(kind, (stored) => decodeJobResult(kind, stored));
    const record = await this.runner.run({ kind, jobId: request.jobId, request, store, delivery, work: (job) => classifyFaults(() => work(job)) });
    return composeJobReport(kind, record);
  }
}
