import {
  BusError,
  type TrainerGatewayJobReport,
  type TrainingJobRecord,
  type TrainingJobRequest,
  type TrainingStatus,
  isErrorCode,
  trainingJobMessageId,
} from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';
import type { CliContext } from '../cli-context';
import type { JobOptions } from '../jobs/job-command';
import { watchProgress } from '../output/watch-progress';
import { headline, renderTrainerGatewayReport, renderTrainingSummary } from './training-render';

/** jobOptions plus `--no-wait` (false: queue the job and return its id at once). */
export interface TrainJobOptions extends JobOptions {
  readonly wait: boolean;
}

const ENDED = new Set(['completed', 'failed', 'cancelled']);

/** A report is final when its delivery ended, or when the training job itself ended (cancelled before its delivery did). */
export function trainingEnded(report: TrainerGatewayJobReport): boolean {
  return report.status === 'completed' || report.status === 'failed' || ENDED.has(report.training?.status ?? '');
}

/** What the progress bar shows: steps (episodes for an evaluation) and the newest step's loss or reward. */
export function trainingProgress(report: TrainerGatewayJobReport): { done: number; total: number; phase: string } {
  const t = report.training;
  if (!t) return { ...report.progress, phase: report.kind ? 'starting' : 'queued' };
  const unit = t.kind === 'eval' ? 'episodes' : 'steps';
  const figure = headline(t.last);
  return { done: t.step, total: t.totalSteps, phase: figure === '-' ? unit : `${unit}, ${figure}` };
}

/** Polls `trainer-gateway.job.status` until the job ends, drawing a bar of its steps on a terminal. */
export function watchTraining(
  bus: MessageBus,
  jobId: string,
  options: { timeoutMs: number; stream: NodeJS.WritableStream; intervalMs?: number },
): Promise<TrainerGatewayJobReport> {
  const later = `astra jobs show ${jobId}`;
  return watchProgress(
    {
      fetch: () => bus.request('trainer-gateway.job.status', { jobId }),
      finished: trainingEnded,
      progress: trainingProgress,
      format: 'training [{bar}] {value}/{total} {phase}',
      initialPhase: 'queued',
      notAnswering: `trainer-gateway does not answer; job ${jobId} is queued and runs when it starts (${later})`,
      stillRunning: (seconds) => `job ${jobId} did not finish within ${seconds} s; it goes on in trainer-gateway (${later})`,
    },
    options,
  );
}

// trainer-gateway adds the CANCELLED error code; until the contracts have it, a cancelled job reads as a CONFLICT.
const CANCELLED: string = 'CANCELLED';
const CANCELLED_CODE = isErrorCode(CANCELLED) ? CANCELLED : 'CONFLICT';

/** The job's failure as the BusError it recorded, so the CLI prints its code and message and exits 1. */
function failureOf(report: TrainerGatewayJobReport, record: TrainingJobRecord | undefined): BusError | undefined {
  const status = record?.status ?? report.training?.status;
  const error = record?.error ?? report.error;
  if (status === 'cancelled') return new BusError(CANCELLED_CODE, error?.message ?? `job ${report.jobId} was cancelled`);
  if (report.status !== 'failed' && status !== 'failed') return undefined;
  const code = error && isErrorCode(error.code) ? error.code : 'INTERNAL';
  return new BusError(code, error?.message ?? `job ${report.jobId} failed`);
}

/**
 * Queues a training job (its message id is the same for every repeat of the job id, so JetStream drops a repeat),
 * then, unless told not to wait, follows it and prints its summary: the whole record once it has ended.
 */
export async function submitTraining(ctx: CliContext, options: TrainJobOptions, request: TrainingJobRequest): Promise<void> {
  const bus: MessageBus = await ctx.bus();
  const jobId = request.jobId;
  const { duplicate } = await bus.publish('trainer-gateway.job.submitted', request, { id: trainingJobMessageId(jobId) });
  if (!options.wait) {
    if (options.json) ctx.print(JSON.stringify({ jobId, queued: !duplicate, request }, null, 2));
    else ctx.print(`job ${jobId} ${duplicate ? 'was already queued' : 'queued'}; follow it with: astra jobs show ${jobId}`);
    return;
  }
  if (!options.json) ctx.err.write(`${request.kind} job ${jobId} queued${duplicate ? ' (already queued: following it)' : ''}\n`);
  const report = await watchTraining(bus, jobId, { timeoutMs: options.timeout * 1000, stream: ctx.err });
  // A job that failed before the gateway stored it (its request refused) has a report and no record: print the report.
  const job = await bus
    .request('trainer-gateway.job.show', { jobId })
    .then((answer) => answer.job)
    .catch((error: unknown) => {
      if (report.status === 'failed') return undefined;
      throw error;
    });
  const text = job ? renderTrainingSummary(job) : renderTrainerGatewayReport(report);
  ctx.print(options.json ? JSON.stringify(job ?? report, null, 2) : text);
  const failure = failureOf(report, job);
  if (failure) throw failure;
}

/** `astra jobs cancel`: asks the gateway to stop the job, and says where it stands now. */
export async function cancelTraining(ctx: CliContext, jobId: string, options: { json?: boolean }): Promise<void> {
  const bus: MessageBus = await ctx.bus();
  const answer = await bus.request('trainer-gateway.job.cancel', { jobId });
  if (options.json) return ctx.print(JSON.stringify(answer, null, 2));
  ctx.print(describeCancel(answer));
}

/** What a cancel answer means: stopped, already ended (left as it is), or asked and still stopping. */
export function describeCancel(answer: { jobId: string; status: TrainingStatus }): string {
  if (answer.status === 'cancelled') return `job ${answer.jobId} cancelled`;
  if (answer.status === 'completed' || answer.status === 'failed') return `job ${answer.jobId} had already ${answer.status}: left as it is`;
  return `job ${answer.jobId}: cancel asked, the job is ${answer.status} until its worker stops`;
}
