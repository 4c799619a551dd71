import type {
  DimensionScore,
  JudgeVerdict,
  TrajectoryCall,
  TrajectoryRecord,
  TrajectorySummary,
  TrajectorySynthJobReport,
  WireMessage,
} from '@astra/contracts';
import { renderTable, truncate } from '../output/table';
import { counts, renderJobProgress } from './tasks-render';

/** Widths of what `show` cuts: a result or an argument value is rarely worth more than a line or two. */
const RESULT_WIDTH = 240;
const ARGUMENT_WIDTH = 120;
const TEXT_WIDTH = 600;

const short = (id: string) => id.slice(0, 12);
const fixed = (x: number, digits = 2) => x.toFixed(digits);
const ms = (x: number) => `${Math.round(x)} ms`;

/** A trajectory-synthesis or judging job in words: made, accepted, rejected, by executor and agent. */
export function renderTrajectoryReport(report: TrajectorySynthJobReport): string {
  const t = report.trajectories;
  if (!t) return renderJobProgress(report, 'trajectories');
  const verb = report.kind === 'trajectory-judging' ? 'judged' : 'made';
  const lines = [
    `job ${report.jobId}: ${t.trajectories} trajectories ${verb}, ${t.accepted} accepted, ${t.rejected} rejected, ${t.unjudged} unjudged, ${t.failed} failed`,
    `executors: ${counts(t.byExecutor)}; agents: ${counts(t.byAgent)}`,
    `${fixed(t.callsPerTrajectory, 1)} calls per trajectory`,
  ];
  if (report.attempts > 1) lines.push(`(${report.attempts} deliveries: resumed after a restart)`);
  return lines.join('\n');
}

/** Trajectories as a table. */
export function renderTrajectoryList(items: readonly TrajectorySummary[]): string {
  const rows = items.map((t) => [
    short(t.id),
    t.jobId,
    short(t.taskId),
    t.executor,
    t.agent,
    t.stop,
    t.calls,
    t.mean === null ? '-' : fixed(t.mean),
    t.verdict,
  ]);
  const header = ['ID', 'JOB', 'TASK', 'EXECUTOR', 'AGENT', 'STOP', 'CALLS', 'MEAN', 'VERDICT'];
  return `${renderTable(header, rows)}\n${items.length} trajectory(ies)`;
}

function argumentsText(raw: string): string {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return `unparsed ${truncate(raw, ARGUMENT_WIDTH)}`;
    return Object.entries(parsed)
      .map(([name, value]) => `${name}=${truncate(JSON.stringify(value) ?? 'undefined', ARGUMENT_WIDTH)}`)
      .join(', ');
  } catch {
    return `unparsed ${truncate(raw, ARGUMENT_WIDTH)}`;
  }
}

function turnLines(index: number, message: WireMessage, calls: ReadonlyMap<string, TrajectoryCall>): string[] {
  const lines = ['', `turn ${index}`];
  if (message.reasoning_content?.trim()) lines.push(`  reasoning: ${truncate(message.reasoning_content, TEXT_WIDTH)}`);
  if (message.content?.trim()) lines.push(`  assistant: ${truncate(message.content, TEXT_WIDTH)}`);
  for (const toolCall of message.tool_calls ?? []) {
    const call = calls.get(toolCall.id);
    lines.push(
      `    call ${toolCall.function.name}(${argumentsText(toolCall.function.arguments)}) -> ${call?.status ?? 'no result recorded'}`,
    );
    if (call) lines.push(`      ${truncate(call.result, RESULT_WIDTH) || '(empty)'}`);
  }
  return lines;
}

function dimensionLine(d: DimensionScore): string {
  const score = d.status === 'unknown' || d.score === null ? 'unknown' : fixed(d.score);
  return `  ${d.dimension.padEnd(28)} ${score.padStart(7)}  ${truncate(d.reason, 120)}`;
}

/** A verdict: rule checks, the per-dimension scores, and the outcome with its reasons. */
export function renderJudgement(verdict: JudgeVerdict): string[] {
  const lines = [`judgement (${verdict.mode}${verdict.model ? `, ${verdict.model}` : ''}):`];
  for (const rule of verdict.rules)
    lines.push(`  ${rule.passed ? 'pass' : 'FAIL'} ${rule.rule}${rule.detail && !rule.passed ? `: ${truncate(rule.detail, 200)}` : ''}`);
  if (verdict.dimensions.length > 0) lines.push('dimensions:', ...verdict.dimensions.map(dimensionLine));
  else if (verdict.mode === 'rules') lines.push('dimensions: not scored (rules mode: no judge model configured)');
  const mean = verdict.mean === null ? '' : `, mean ${fixed(verdict.mean)}`;
  lines.push(`verdict: ${verdict.accepted ? 'accepted' : 'rejected'}${mean}`);
  for (const reason of verdict.reasons) lines.push(`  - ${truncate(reason, 200)}`);
  return lines;
}

function headerLines(t: TrajectoryRecord): string[] {
  const agent = `${t.agent.kind}${t.agent.model ? ` ${t.agent.model}` : ''}`;
  const error = t.error ? `: ${t.error.code}: ${t.error.message}` : '';
  const lines = [
    `trajectory ${t.id}`,
    `job ${t.jobId}, task ${t.taskId}`,
    `executor ${t.executor}, agent ${agent}${t.detours.length > 0 ? `, detours: ${t.detours.join(', ')}` : ''}`,
    `stop ${t.stop}${error}; ${t.calls.length} call(s), ${t.tools.length} tool(s) offered`,
    `time ${ms(t.timings.wallMs)} (model ${ms(t.timings.modelMs)}, tools ${ms(t.timings.toolMs)})`,
  ];
  return lines;
}

/** One trajectory, readably: the question, each turn (reasoning, text, calls and results), the rule checks, scores and verdict. */
export function renderTrajectory(t: TrajectoryRecord): string {
  const lines = headerLines(t);
  const question = t.messages.find((m) => m.role === 'user')?.content;
  if (question) lines.push('', `question: ${truncate(question, TEXT_WIDTH)}`);
  const calls = new Map(t.calls.map((c) => [c.id, c]));
  let turn = 0;
  for (const message of t.messages) if (message.role === 'assistant') lines.push(...turnLines(turn++, message, calls));
  lines.push('', `final answer: ${truncate(t.finalAnswer, TEXT_WIDTH) || '(none)'}`, '');
  lines.push(...(t.judgement ? renderJudgement(t.judgement) : [`verdict: ${t.verdict} (not judged)`]));
  return lines.join('\n');
}
