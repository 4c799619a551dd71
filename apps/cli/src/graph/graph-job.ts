import type { GraphJobReport } from '@astra/contracts';
import type { NatsBus } from '@astra/platform/bus';
import type { CliContext } from '../cli-context';
import { type JobFollower, type JobOptions, runJob } from '../jobs/job-command';

const UNITS = { 'graph-build': 'servers', 'chains-verify': 'chains' } as const;

/** graph-miner's graph builds and chain verifications, followed by `graph.job.status`. */
export const GRAPH_JOBS: JobFollower<GraphJobReport> = {
  service: 'graph-miner',
  statusCommand: 'astra graph status',
  status: (bus, jobId) => bus.request('graph.job.status', { jobId }),
  unit: (report) => (report.kind ? UNITS[report.kind] : 'queued'),
};

/** Queues a graph-miner job, follows it and returns its report (see runJob). */
export function runGraphJob(ctx: CliContext, options: JobOptions, publish: (bus: NatsBus, jobId: string) => Promise<unknown>): Promise<GraphJobReport> {
  return runJob(ctx, options, GRAPH_JOBS, publish);
}
