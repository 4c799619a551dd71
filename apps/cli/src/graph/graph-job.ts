import { randomUUID } from 'node:crypto';
import { BusError, type GraphJobReport, isErrorCode } from '@astra/contracts';
import type { MessageBus, NatsBus } from '@astra/platform/bus';
import type { CliContext } from '../cli-context';
import { collectPages } from '../output/pages';
import { watchProgress } from '../output/watch-progress';

export interface JobOptions {
  readonly jobId?: string;
  /** Seconds to wait for the job to finish. */
  readonly timeout: number;
  readonly json?: boolean;
}

const UNITS = { 'graph-build': 'servers', 'chains-verify': 'chains' } as const;

/** Polls `graph.job.status` until the job finishes, drawing a progress bar on a terminal. */
export function watchGraphJob(bus: NatsBus, jobId: string, options: { timeoutMs: number; stream: NodeJS.WritableStream }): Promise<GraphJobReport> {
  return watchProgress(
    {
      fetch: () => bus.request('graph.job.status', { jobId }),
      finished: (report) => report.status === 'completed' || report.status === 'failed',
      progress: (report) => ({ ...report.progress, phase: report.kind ? UNITS[report.kind] : 'queued' }),
      format: 'working [{bar}] {value}/{total} {phase}',
      initialPhase: 'queued',
      notAnswering: `graph-miner does not answer; job ${jobId} is queued and runs when it starts (astra graph status ${jobId})`,
      stillRunning: (seconds) => `job ${jobId} did not finish within ${seconds} s; it goes on in graph-miner (astra graph status ${jobId})`,
    },
    options,
  );
}

/** The job report with all of a build's graphs: the first page it holds, then every page after it. */
export async function completeJobReport(bus: MessageBus, report: GraphJobReport): Promise<GraphJobReport> {
  if (report.nextCursor === undefined || !report.graphs) return report;
  const fetch = (cursor: string | undefined) => bus.request('graph.job.status', { jobId: report.jobId, ...(cursor ? { cursor } : {}) });
  const rest = await collectPages(fetch, (page) => page.graphs ?? [], { from: report.nextCursor });
  const { nextCursor: _next, ...whole } = report;
  return { ...whole, graphs: [...report.graphs, ...rest.items] };
}

/**
 * Queues a durable graph-miner job (publish is given the job id), waits for it and returns its report; a failed job
 * becomes the BusError it recorded, so the CLI prints its code and message and exits 1.
 */
export async function runGraphJob(ctx: CliContext, options: JobOptions, publish: (bus: NatsBus, jobId: string) => Promise<unknown>): Promise<GraphJobReport> {
  const bus = await ctx.bus();
  const jobId = options.jobId ?? randomUUID();
  await publish(bus, jobId);
  if (!options.json) ctx.err.write(`job ${jobId} queued\n`);
  const report = await watchGraphJob(bus, jobId, { timeoutMs: options.timeout * 1000, stream: ctx.err });
  if (report.status === 'failed') {
    const code = report.error && isErrorCode(report.error.code) ? report.error.code : 'INTERNAL';
    throw new BusError(code, report.error?.message ?? `job ${jobId} failed`);
  }
  return completeJobReport(bus, report);
}
