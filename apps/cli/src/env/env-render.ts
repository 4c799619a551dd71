import type { EnvCompilerJobReport, EnvironmentRecord, EnvironmentSummary, EnvVerification, ToolCheck } from '@astra/contracts';
import { renderTable } from '../output/table';

const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || '-';

/** A synthesis job in words: its outcome when finished, its progress while it runs. */
export function renderSynthesis(report: EnvCompilerJobReport): string {
  const s = report.synthesis;
  if (!s) {
    const error = report.error ? `: ${report.error.code}: ${report.error.message}` : '';
    return `job ${report.jobId} (${report.kind ?? 'not started'}): ${report.status}, ${report.progress.done}/${report.progress.total}${error}`;
  }
  const lines = [
    `job ${report.jobId} (${s.strategy}): ${s.published} published, ${s.existing} already stored, ${s.failed} failed of ${s.units} unit(s)`,
    `scenarios: ${counts(s.byScenario)}`,
    `hops: ${counts(s.byHops)}`,
    `templates: ${s.templates}, entities: ${s.entities}`,
  ];
  if (s.split.train + s.split.heldOut > 0) lines.push(`split: ${s.split.train} train, ${s.split.heldOut} held out`);
  for (const failure of s.failures.slice(0, 5)) lines.push(`unit ${failure.unit} failed: ${clip(failure.reason, 300)}`);
  if (s.failed > 5) lines.push(`(${s.failed - 5} more failure(s): astra env status ${report.jobId} --json)`);
  return lines.join('\n');
}

/** Environments as a table. */
export function renderEnvironments(items: readonly EnvironmentSummary[]): string {
  const rows = items.map((e) => [e.id.slice(0, 12), e.domain, e.scenarioType, e.hops, e.tools, e.split ?? '-', clip(e.prompt, 70)]);
  return `${renderTable(['ID', 'DOMAIN', 'SCENARIO', 'HOPS', 'TOOLS', 'SPLIT', 'PROMPT'], rows)}\n${items.length} environment(s)`;
}

function checkLine(check: ToolCheck): string {
  const where = check.subTask ? ` (${check.subTask})` : '';
  return `  ${check.passed ? 'pass' : 'FAIL'} ${check.tool} ${check.check}${where}${check.detail && !check.passed ? `: ${check.detail}` : ''}`;
}

/** Check results: one line per failing check, and a count of those that passed. */
export function renderVerification(result: { id: string; verification: EnvVerification }): string {
  const { checks, passed } = result.verification;
  const failing = checks.filter((c) => !c.passed);
  const head = `${result.id.slice(0, 12)}: ${passed ? 'all checks pass' : `${failing.length} check(s) fail`} (${checks.length - failing.length}/${checks.length} passed)`;
  return [head, ...failing.map(checkLine)].join('\n');
}

/** One environment: its question, the sub-task DAG, its tools, its checks and distractor pools. */
export function renderEnvironment(env: EnvironmentRecord, withCode: boolean): string {
  const lines = [
    `environment ${env.id}`,
    `${env.domain} · ${env.scenarioType} · ${env.language} · ${env.lineage.strategy}${env.lineage.model ? ` (${env.lineage.model})` : ''} · seed ${env.lineage.seed}`,
    '',
    `question: ${env.prompt}`,
    `answer:   ${env.finalAnswer}`,
    '',
    'sub-tasks:',
  ];
  for (const task of env.subTasks) {
    const after = task.dependsOn.length > 0 ? ` after ${task.dependsOn.join(', ')}` : '';
    const call = task.call ? `${task.call.tool}(${JSON.stringify(task.call.arguments)})` : 'no tool';
    lines.push(`  ${task.id} [hop ${task.hop}${after}] ${task.question}`, `      -> ${call} = ${task.answer}`);
  }
  lines.push('', 'tools:');
  for (const tool of env.tools) {
    lines.push(`  ${tool.name}(${Object.keys(tool.parameters.properties).join(', ')}) [${tool.language}]: ${clip(tool.description, 100)}`);
    if (withCode) lines.push(...tool.code.split('\n').map((line) => `      ${line}`));
  }
  lines.push('', renderVerification({ id: env.id, verification: env.verification }));
  if (env.distractors) {
    const d = env.distractors;
    lines.push(`distractors (${d.method}): ${d.high.length} high, ${d.medium.length} medium, ${d.low.length} low`);
  }
  return lines.join('\n');
}
