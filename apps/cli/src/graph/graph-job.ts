import type { GraphJobReport } from '@astra/contracts';
import type { MessageBus, NatsBus } from '@astra/platform/bus';
import type { CliContext } from '../cli-context';
import { type JobFollower, type JobOptions, runJob } from '../jobs/job-command';
import { collectPages } from '../output/pages';

const UNITS = { 'graph-build': 'servers', 'chains-verify': 'chains' } as const;

/** graph-miner's graph builds and chain verifications, followed by `graph.job.status`. */
export const GRAPH_JOBS: JobFollower<GraphJobReport> = {
  service: 'graph-miner',
  statusCommand: 'astra graph status',
  status: (bus, jobId) => bus.request('graph.job.status', { jobId }),
  unit: (report) => (report.kind ? UNITS[report.kind] : 'queued'),
};

/** The job report with all of a build's graphs: the first page it holds, then every page after it. */
export async function completeJobReport(bus: MessageBus, report: GraphJobReport): Promise<GraphJobReport> {
  if (report.nextCursor === undefined || !report.graphs) return report;
  const fetch = (cursor: string | undefined) => bus.request('graph.job.status', { jobId: report.jobId, ...(cursor ? { cursor } : {}) });
  const rest = await collectPages(fetch, (page) => page.graphs ?? [], { from: report.nextCursor });
  const { nextCursor: _next, ...whole } = report;
  return { ...whole, graphs: [...report.graphs, ...rest.items] };
}

/** Queues a graph-miner job, follows it and returns its report with every graph of a build (see runJob). */
export async function runGraphJob(
  ctx: CliContext,
  options: JobOptions,
  publish: (bus: NatsBus, jobId: string) => Promise<unknown>,
): Promise<GraphJobReport> {
  const report = await runJob(ctx, options, GRAPH_JOBS, publish);
  return completeJobReport(await ctx.bus(), report);
}
