import type { CheckpointRecord, StepMetrics, TrainingJobRecord, TrainingJobRequest, TrainingJobSummary } from '@astra/contracts';
import { renderTable, truncate } from '../output/table';
import { fixed, headline, renderEvalResult, renderMetrics } from './training-render';

const short = (id: string) => id.slice(0, 12);
/** Log lines `jobs show` prints at most: the newest. */
const LOG_LINES = 20;
/** Steps of the metrics table: the newest. */
const TABLE_STEPS = 5;

/** `astra jobs ls`: one row per training job, newest first as listed. */
export function renderJobList(jobs: readonly TrainingJobSummary[]): string {
  const rows = jobs.map((j) => [j.id, j.kind, j.backend, j.status, `${j.step}/${j.totalSteps}`, headline(j.last), j.createdAt]);
  return `${renderTable(['ID', 'KIND', 'BACKEND', 'STATUS', 'STEP', 'LAST', 'CREATED'], rows)}\n${jobs.length} job(s)`;
}

function describeModel(request: TrainingJobRequest): string {
  const m = request.model;
  if (m.kind === 'checkpoint') return `checkpoint ${m.checkpointId}`;
  if (m.kind === 'hub') return `hub model ${m.name}`;
  return `scratch (width ${m.width}, ${m.layers} layers, ${m.heads} heads, context ${m.context})`;
}

/** The request in a few lines: model, data or environments, the hyperparameters that matter. */
export function renderRequest(request: TrainingJobRequest): string[] {
  const common = `model ${describeModel(request)}, seed ${request.seed}, checkpoint every ${request.checkpointEvery} step(s)`;
  if (request.kind === 'sft') {
    const h = request.hyperparameters;
    return [
      common,
      `data: trajectory job(s) ${request.trajectoryJobs.join(', ')}`,
      `steps ${h.steps}, batch ${h.batchSize}, lr ${h.learningRate}, warmup ${h.warmupSteps}, reasoning ${h.includeReasoning ? 'kept' : 'dropped'}`,
    ];
  }
  const env = request.environments;
  const environments = `environments: ${env.jobId !== undefined ? `job ${env.jobId}${env.split ? ` (${env.split})` : ''}` : `${env.ids?.length ?? 0} id(s)`}${env.limit ? `, first ${env.limit}` : ''}`;
  if (request.kind === 'eval') {
    const s = request.settings;
    return [common, environments, `samples ${s.samples}, temperature ${s.sampling.temperature ?? '-'}, max turns ${s.limits.maxTurns}`];
  }
  const h = request.hyperparameters;
  const r = h.rollouts;
  return [
    common,
    environments,
    `steps ${h.steps}, lr ${h.learningRate}, clip [${h.clipLow}, ${h.clipHigh}], G=${r.groupSize}, n=${r.batchSize}, δ=${r.minRewardStd}, temperature ${r.sampling.temperature ?? '-'}, max turns ${r.limits.maxTurns}`,
  ];
}

const cell = (x: number | undefined, digits = 3) => (x === undefined ? '-' : fixed(x, digits));

/** The newest steps as a table, the columns the job's kind records. */
export function renderStepTable(metrics: readonly StepMetrics[]): string {
  const rows = metrics
    .slice(-TABLE_STEPS)
    .map((m) => [m.step, cell(m.loss), cell(m.rewardMean), cell(m.rewardStd), cell(m.validGroupRatio, 2), cell(m.tokensPerSecond, 0)]);
  return renderTable(['STEP', 'LOSS', 'REWARD', 'STD', 'VALID', 'TOKENS/S'], rows);
}

function locationOf(c: CheckpointRecord): string {
  return c.location.kind === 'artifact' ? `artifact ${c.location.ref.key}` : c.location.uri;
}

/** Checkpoints with their lineage: each names the checkpoint it started from. */
export function renderCheckpoints(checkpoints: readonly CheckpointRecord[]): string {
  const rows = checkpoints.map((c) => [short(c.id), c.step, c.version, c.parentId ? short(c.parentId) : '-', c.parameters, locationOf(c)]);
  return renderTable(['ID', 'STEP', 'VERSION', 'PARENT', 'PARAMS', 'LOCATION'], rows);
}

const indent = (text: string) => text.replace(/^/gm, '  ');

function renderWorker(job: TrainingJobRecord): string {
  const w = job.worker;
  const where = w.kubernetesJob ? `kubernetes job ${w.kubernetesJob}` : w.pid !== undefined ? `pid ${w.pid}` : 'not running';
  return `worker: ${where}, ${w.restarts} restart(s)${job.policyUrl ? `, policy server ${job.policyUrl}` : ''}`;
}

/** `astra jobs show`: request, status, worker, metrics, checkpoints, evaluation, error and the log's tail. */
export function renderJobRecord(job: TrainingJobRecord): string {
  const times = [`created ${job.createdAt}`, job.startedAt && `started ${job.startedAt}`, job.finishedAt && `finished ${job.finishedAt}`];
  const lines = [
    `${job.kind} job ${job.id} (${job.backend}): ${job.status}, step ${job.step}/${job.totalSteps}`,
    times.filter(Boolean).join(', '),
    ...renderRequest(job.request),
    renderWorker(job),
  ];
  if (job.error) lines.push(`error: ${job.error.code}: ${job.error.message}`);
  if (job.metrics.length > 0) lines.push('metrics:', indent(renderMetrics(job.metrics).join('\n')), indent(renderStepTable(job.metrics)));
  else lines.push('metrics: no step yet');
  if (job.checkpoints.length > 0) lines.push(`checkpoints (${job.checkpoints.length}):`, indent(renderCheckpoints(job.checkpoints)));
  if (job.eval) lines.push('evaluation:', ...renderEvalResult(job.eval).map(indent));
  if (job.logTail.length > 0) lines.push('log (tail):', ...job.logTail.slice(-LOG_LINES).map((line) => `  ${truncate(line, 200)}`));
  return lines.join('\n');
}
