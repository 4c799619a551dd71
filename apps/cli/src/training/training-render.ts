import type { EvalResult, StepMetrics, TrainerGatewayJobReport, TrainingJobRecord } from '@astra/contracts';
import { chunkMeans, sparkline } from './sparkline';

export const fixed = (x: number, digits = 3): string => x.toFixed(digits);
/** A figure at a precision that suits its size: tokens/s in whole numbers, losses and rewards to 3 decimals. */
export const figure = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(3));
export const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The per-step series `jobs show` draws, in the order shown; a series is drawn only where some step has it. */
export const SERIES: ReadonlyArray<{ label: string; pick: (m: StepMetrics) => number | undefined }> = [
  { label: 'loss', pick: (m) => m.loss },
  { label: 'validation loss', pick: (m) => m.validationLoss },
  { label: 'reward mean', pick: (m) => m.rewardMean },
  { label: 'reward std', pick: (m) => m.rewardStd },
  { label: 'valid groups', pick: (m) => m.validGroupRatio },
  { label: 'calls/episode', pick: (m) => m.callsPerEpisode },
  { label: 'clip fraction', pick: (m) => m.clipFraction },
  { label: 'tokens/s', pick: (m) => m.tokensPerSecond },
];

/** A step's headline figure: the reward where the step has one (grpo), else the loss; '-' before any step. */
export function headline(metrics: StepMetrics | undefined): string {
  if (!metrics) return '-';
  if (metrics.rewardMean !== undefined) return `reward ${fixed(metrics.rewardMean)}`;
  if (metrics.loss !== undefined) return `loss ${fixed(metrics.loss)}`;
  return '-';
}

/** The steps that have a value for `pick`, with that value. */
export function seriesOf(metrics: readonly StepMetrics[], pick: (m: StepMetrics) => number | undefined): Array<[number, number]> {
  return metrics.flatMap((m) => {
    const value = pick(m);
    return value === undefined ? [] : [[m.step, value] as [number, number]];
  });
}

/** One series on one line: its sparkline, first and last values, its extremes and the steps it covers. */
export function renderSeries(label: string, points: ReadonlyArray<[number, number]>, width = 40): string {
  const values = points.map(([, value]) => value);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return `${label}: -`;
  const range = `min ${figure(Math.min(...values))}, max ${figure(Math.max(...values))}`;
  return `${label.padEnd(15)} ${sparkline(values, width)}  ${figure(first[1])} → ${figure(last[1])} (${range}; steps ${first[0]}-${last[0]})`;
}

/** Every series a job's steps recorded, one line each. */
export function renderMetrics(metrics: readonly StepMetrics[]): string[] {
  return SERIES.map(({ label, pick }) => ({ label, points: seriesOf(metrics, pick) }))
    .filter(({ points }) => points.length > 0)
    .map(({ label, points }) => renderSeries(label, points));
}

/** The reward mean per step, compact: at most `width` values (means of runs of steps when there are more steps). */
export function renderRewardCurve(metrics: readonly StepMetrics[], width = 20): string[] {
  const points = seriesOf(metrics, (m) => m.rewardMean);
  if (points.length === 0) return ['reward curve: no step recorded a reward'];
  // Whole steps per value, so that each value is the mean of the same number of steps.
  const per = Math.ceil(points.length / width);
  const values = chunkMeans(
    points.map(([, value]) => value),
    per,
  );
  const label = per > 1 ? `per ${per} steps (means)` : 'per step';
  return [renderSeries('reward mean', points), `  ${label}: ${values.map((v) => v.toFixed(2)).join(' ')}`];
}

/** What an evaluation measured. */
export function renderEvalResult(e: EvalResult): string[] {
  const infrastructure = e.failedInfrastructure > 0 ? ` (${e.failedInfrastructure} lost to infrastructure)` : '';
  return [
    `episodes: ${e.episodes}${infrastructure}, checkpoint ${e.checkpointId ?? 'none'}, rollouts in job ${e.rolloutJobId}`,
    `mean F1 reward ${fixed(e.rewardMean)} ± ${fixed(e.rewardStd)}, solved ${percent(e.solvedRate)}, recall ${fixed(e.recallMean)}, ${fixed(e.callsPerEpisode, 1)} calls per episode`,
  ];
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** What `astra train` prints once its job has ended: its outcome, then the figures of its kind. */
export function renderTrainingSummary(job: TrainingJobRecord): string {
  const lines = [`${job.kind} job ${job.id} (${job.backend}): ${job.status} at step ${job.step}/${job.totalSteps}`];
  if (job.error) lines.push(`error: ${job.error.code}: ${job.error.message}`);
  if (job.kind === 'eval') {
    lines.push(...(job.eval ? renderEvalResult(job.eval) : ['no evaluation result recorded']));
    return lines.join('\n');
  }
  const losses = seriesOf(job.metrics, (m) => m.loss);
  const finalLoss = losses[losses.length - 1];
  const validation = seriesOf(job.metrics, (m) => m.validationLoss).pop();
  const speeds = seriesOf(job.metrics, (m) => m.tokensPerSecond).map(([, v]) => v);
  lines.push(
    [
      finalLoss ? `final loss ${fixed(finalLoss[1])} (step ${finalLoss[0]})` : 'no loss recorded',
      ...(validation ? [`validation loss ${fixed(validation[1])} (step ${validation[0]})`] : []),
      speeds.length > 0 ? `${Math.round(mean(speeds))} tokens/s` : 'tokens/s not recorded',
    ].join(', '),
  );
  if (job.kind === 'grpo') lines.push(...renderRewardCurve(job.metrics));
  const checkpoint = job.checkpoints[job.checkpoints.length - 1];
  lines.push(checkpoint ? `checkpoint ${checkpoint.id} (step ${checkpoint.step}, version ${checkpoint.version})` : 'no checkpoint written');
  return lines.join('\n');
}

/** A job report in words: its outcome when finished, its progress while it runs (`astra jobs show` has the whole job). */
export function renderTrainerGatewayReport(report: TrainerGatewayJobReport): string {
  const error = report.error ? `: ${report.error.code}: ${report.error.message}` : '';
  const t = report.training;
  // The training job's own status says more than the delivery's (cancelled, queued).
  const figure = t ? headline(t.last) : '-';
  const where = t
    ? `${t.status}, step ${t.step}/${t.totalSteps}${figure === '-' ? '' : `, ${figure}`}`
    : `${report.status}, ${report.progress.done}/${report.progress.total}`;
  const checkpoint = report.checkpointId ? `, checkpoint ${report.checkpointId}` : '';
  return `job ${report.jobId} (${report.kind ?? 'not started'}): ${where}${checkpoint}${error}`;
}
