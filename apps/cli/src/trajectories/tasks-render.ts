import type { PlanStep, TaskRecord, TaskSource, TaskSummary, TrajectorySynthJobReport } from '@astra/contracts';
import { renderTable, truncate } from '../output/table';

const ARGUMENT_WIDTH = 120;
const short = (id: string) => id.slice(0, 12);

/** `key n, key n` in key order, or `-`. */
export const counts = (record: Readonly<Record<string, number>>): string =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || '-';

/** A job that has no summary yet (queued, running or failed) in one line. */
export function renderJobProgress(report: TrajectorySynthJobReport, unit: string): string {
  const error = report.error ? `: ${report.error.code}: ${report.error.message}` : '';
  return `job ${report.jobId} (${report.kind ?? 'not started'}): ${report.status}, ${report.progress.done}/${report.progress.total} ${unit}${error}`;
}

/** A task-generation job in words: generated, accepted, rejected by reason, duplicates, augmented. */
export function renderTaskReport(report: TrajectorySynthJobReport): string {
  const t = report.tasks;
  if (!t) return renderJobProgress(report, 'tasks');
  const lines = [
    `job ${report.jobId} (${t.strategy}): ${t.generated} generated, ${t.accepted} accepted, ${t.rejected} rejected`,
    `rejected by reason: ${counts(t.rejections)}`,
    `near-duplicates removed: ${t.duplicates}, augmented: ${t.augmented}`,
  ];
  if (report.attempts > 1) lines.push(`(${report.attempts} deliveries: resumed after a restart)`);
  return lines.join('\n');
}

/** Where a task comes from, in a few words. */
export function sourceText(source: TaskSource): string {
  switch (source.kind) {
    case 'chain':
      return `chain ${short(source.chainId)} of ${source.server}: ${source.tools.join(' → ')}`;
    case 'server':
      return `server ${source.server}: ${source.tools.join(', ')}`;
    case 'environment':
      return `environment ${short(source.environmentId)}`;
  }
}

/** Tasks as a table. */
export function renderTaskList(items: readonly TaskSummary[]): string {
  const rows = items.map((t) => [
    short(t.id),
    t.jobId,
    t.augmentation ? `${t.strategy}+${t.augmentation}` : t.strategy,
    truncate(t.source, 30),
    t.tools,
    t.accepted ? 'accepted' : `rejected: ${truncate(t.rejectReason ?? '?', 30)}`,
    truncate(t.question, 70),
  ]);
  return `${renderTable(['ID', 'JOB', 'STRATEGY', 'SOURCE', 'TOOLS', 'VERDICT', 'QUESTION'], rows)}\n${items.length} task(s)`;
}

function stepLines(step: PlanStep): string[] {
  const args = Object.entries(step.arguments).map(
    ([name, value]) => `${name}=${truncate(JSON.stringify(value) ?? 'undefined', ARGUMENT_WIDTH)}`,
  );
  const bound = step.bindings.map((b) => `${b.argument}←${b.fromStep}${b.path ? `.${b.path}` : ''}`);
  const after = step.dependsOn.length > 0 ? ` after ${step.dependsOn.join(', ')}` : '';
  const lines = [`  ${step.id}: ${step.tool}(${[...args, ...bound].join(', ')})${after}`];
  if (step.purpose) lines.push(`      ${truncate(step.purpose, 200)}`);
  return lines;
}

/** One task, readably: question, source, plan, scores, verdict. */
export function renderTask(task: TaskRecord): string {
  const augmentation = task.augmentation
    ? `, ${task.augmentation.kind} of ${short(task.augmentation.parentId)}${task.augmentation.persona ? ` (${task.augmentation.persona})` : ''}`
    : '';
  const lines = [
    `task ${task.id}`,
    `job ${task.jobId}, ${task.strategy}${augmentation}, language ${task.language}${task.split ? `, split ${task.split}` : ''}`,
    `source ${sourceText(task.source)}`,
    `target tools: ${task.targetTools.join(', ')}`,
    '',
    `question: ${task.question}`,
  ];
  if (task.plan) {
    lines.push('', `plan (${task.plan.steps.length} step(s)):`, ...task.plan.steps.flatMap(stepLines));
    if (task.plan.finalAnswer !== undefined) lines.push(`  expected answer: ${truncate(task.plan.finalAnswer, 200)}`);
  }
  const s = task.scores;
  lines.push(
    '',
    s
      ? `scores: question ${s.questionQuality}, realism ${s.scenarioRealism}, necessity ${s.toolUseNecessity}, difficulty ${s.toolSelectionDifficulty}, uniqueness ${s.uniqueness}`
      : 'scores: none',
    task.accepted ? 'verdict: accepted' : `verdict: rejected (${task.rejectReason ?? 'no reason recorded'})`,
    `lineage: seed ${task.lineage.seed}${task.lineage.model ? `, model ${task.lineage.model}` : ''}`,
  );
  return lines.join('\n');
}
