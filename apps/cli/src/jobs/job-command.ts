import { randomUUID } from 'node:crypto';
import { BusError, isErrorCode } from '@astra/contracts';
import type { NatsBus } from '@astra/platform/bus';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { positiveInt } from '../command-arguments';
import { watchProgress } from '../output/watch-progress';

/** The options every command that queues a durable job shares (see jobOptions). */
export interface JobOptions {
  readonly jobId?: string;
  /** Seconds to wait for the job to finish. */
  readonly timeout: number;
  readonly json?: boolean;
}

/** What the CLI reads of a job report (the fields of jobReportFields in @astra/contracts). */
export interface FollowedJobReport {
  readonly jobId: string;
  readonly kind?: string;
  readonly status: 'pending' | 'running' | 'completed' | 'failed';
  readonly progress: { readonly done: number; readonly total: number };
  readonly error?: { readonly code: string; readonly message: string };
}

/** How to follow the jobs of one service. */
export interface JobFollower<T extends FollowedJobReport> {
  /** The service that runs the jobs, named when it does not answer. */
  readonly service: string;
  /** The command that shows a job later, e.g. 'astra graph status'. */
  readonly statusCommand: string;
  /** Asks the service's status RPC. */
  status(bus: NatsBus, jobId: string): Promise<T>;
  /** What the progress counts, by the report's kind (e.g. 'servers'). */
  unit(report: T): string;
}

/** Adds the options every job command shares: its id, how long to wait, JSON output. */
export function jobOptions(command: Command): Command {
  return command
    .option('--job-id <id>', 'id of the job; repeating it resumes or shows the same job')
    .option('--timeout <seconds>', 'how long to wait for the job to finish', positiveInt, 600)
    .option('--json', 'print the job report as JSON');
}

/** Polls the job's status RPC until it finishes, drawing a progress bar on a terminal. */
export function watchJob<T extends FollowedJobReport>(
  bus: NatsBus,
  jobId: string,
  follower: JobFollower<T>,
  options: { timeoutMs: number; stream: NodeJS.WritableStream },
): Promise<T> {
  const later = `${follower.statusCommand} ${jobId}`;
  return watchProgress(
    {
      fetch: () => follower.status(bus, jobId),
      finished: (report) => report.status === 'completed' || report.status === 'failed',
      progress: (report) => ({ ...report.progress, phase: report.kind ? follower.unit(report) : 'queued' }),
      format: 'working [{bar}] {value}/{total} {phase}',
      initialPhase: 'queued',
      notAnswering: `${follower.service} does not answer; job ${jobId} is queued and runs when it starts (${later})`,
      stillRunning: (seconds) => `job ${jobId} did not finish within ${seconds} s; it goes on in ${follower.service} (${later})`,
    },
    options,
  );
}

/**
 * Queues a durable job (publish is given the job id), waits for it and returns its report; a failed job becomes the
 * BusError it recorded, so the CLI prints its code and message and exits 1.
 */
export async function runJob<T extends FollowedJobReport>(
  ctx: CliContext,
  options: JobOptions,
  follower: JobFollower<T>,
  publish: (bus: NatsBus, jobId: string) => Promise<unknown>,
): Promise<T> {
  const bus = await ctx.bus();
  const jobId = options.jobId ?? randomUUID();
  await publish(bus, jobId);
  if (!options.json) ctx.err.write(`job ${jobId} queued\n`);
  const report = await watchJob(bus, jobId, follower, { timeoutMs: options.timeout * 1000, stream: ctx.err });
  if (report.status === 'failed') {
    const code = report.error && isErrorCode(report.error.code) ? report.error.code : 'INTERNAL';
    throw new BusError(code, report.error?.message ?? `job ${jobId} failed`);
  }
  return report;
}
