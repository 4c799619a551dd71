import type {
  EpisodeRecord,
  EpisodeRescore,
  EpisodeSummary,
  GroupSummary,
  RewardBreakdown,
  RolloutBrokerJobReport,
  ToolCallRecord,
} from '@astra/contracts';
import { renderTable, truncate } from '../output/table';

/** Widths of what `show` cuts: an observation or argument value is rarely worth more than a line. */
const OBSERVATION_WIDTH = 160;
const TEXT_WIDTH = 400;

const fixed = (x: number, digits = 3) => x.toFixed(digits);
const short = (id: string) => id.slice(0, 12);
const ms = (x: number) => `${Math.round(x)} ms`;

/** A batch job in words: what it handed and what that took when finished, its progress while it runs. */
export function renderBatchReport(report: RolloutBrokerJobReport): string {
  const b = report.batch;
  if (!b) {
    const error = report.error ? `: ${report.error.code}: ${report.error.message}` : '';
    return `job ${report.jobId} (${report.kind ?? 'not started'}): ${report.status}, ${report.progress.done}/${report.progress.total} valid groups${error}`;
  }
  const ending = b.complete ? 'complete' : `ended short after ${b.generated} generated group(s)`;
  const lines = [
    `batch ${report.jobId} (policy ${b.policyVersion}, G=${b.groupSize}): ${b.groups.length}/${b.batchSize} group(s) handed, ${ending}`,
  ];
  if (b.groups.length > 0) {
    // The whole group id (job:index): a carried-in group names the batch that generated it.
    const rows = b.groups.map((g) => [g.id, short(g.environmentId), fixed(g.mean), fixed(g.std)]);
    lines.push(renderTable(['GROUP', 'ENV', 'MEAN', 'STD'], rows).replace(/^/gm, '  '));
  }
  lines.push(
    `groups: ${b.generated} generated, ${b.dropped} dropped (no spread), ${b.infrastructure} lost to infrastructure, ${b.carriedIn} carried in, ${b.carriedOut} carried out`,
    `episodes: ${b.episodes}, ${b.failedInfrastructure} failed-infrastructure`,
    `reward ${fixed(b.rewardMean)} ± ${fixed(b.rewardStd)}, valid ratio ${fixed(b.validRatio, 2)}, ${fixed(b.callsPerEpisode, 1)} calls per episode`,
  );
  if (report.attempts > 1) lines.push(`(${report.attempts} deliveries: resumed after a restart)`);
  return lines.join('\n');
}

/** Episodes as a table, newest first as listed. */
export function renderEpisodeList(items: readonly EpisodeSummary[]): string {
  const rows = items.map((e) => [
    short(e.id),
    e.jobId,
    `${e.groupIndex}/${e.sample}`,
    short(e.environmentId),
    e.policyVersion,
    e.status === 'completed' ? e.stop : `FAILED ${e.stop}`,
    e.reward === undefined ? '-' : fixed(e.reward),
    e.turns,
    e.calls,
    `${(e.wallMs / 1000).toFixed(1)}s`,
  ]);
  const header = ['ID', 'JOB', 'GROUP/SAMPLE', 'ENV', 'POLICY', 'STOP', 'REWARD', 'TURNS', 'CALLS', 'WALL'];
  return `${renderTable(header, rows)}\n${items.length} episode(s)`;
}

function argumentsText(call: ToolCallRecord): string {
  if (call.arguments === null) return `unparsed ${truncate(call.rawArguments, OBSERVATION_WIDTH)}`;
  return Object.entries(call.arguments)
    .map(([name, value]) => `${name}=${truncate(JSON.stringify(value) ?? 'undefined', OBSERVATION_WIDTH)}`)
    .join(', ');
}

function callLines(call: ToolCallRecord): string[] {
  const distractor = call.distractor ? ' [distractor]' : '';
  return [
    `    call ${call.tool}(${argumentsText(call)})${distractor} -> ${call.status}`,
    `      ${truncate(call.observation, OBSERVATION_WIDTH) || '(empty)'}`,
  ];
}

/** The reward and the evidence behind it. */
export function renderReward(reward: RewardBreakdown): string[] {
  const solved = reward.solved.map((s) => (s.by === 'call' ? `${s.subTask} (call ${s.callId ?? '?'})` : `${s.subTask} (final answer)`));
  return [
    `reward (${reward.kind}): ${fixed(reward.reward)}`,
    `  recall ${fixed(reward.recall)}: ${reward.solved.length}/${reward.subTasks} sub-task(s) solved`,
    `  precision ${fixed(reward.precision)}: over ${reward.calls} call(s)`,
    `  solved: ${solved.join(', ') || '-'}`,
    `  final answer ${reward.finalAnswerCorrect ? 'correct' : 'not found'} (reported, not rewarded)`,
  ];
}

/** One episode, readably: where and with whom it ran, each turn with its calls, then its reward. */
export function renderEpisode(episode: EpisodeRecord): string {
  const p = episode.policy;
  const policy = `${p.kind}${p.model ? ` ${p.model}` : ''} @ ${p.version}`;
  const distractors = episode.distractors.map((d) => `${d.name} (${d.band})`).join(', ') || 'none';
  const lines = [
    `episode ${episode.id}`,
    `job ${episode.jobId}, group ${episode.groupIndex}, sample ${episode.sample}, seed ${episode.seed}`,
    `environment ${episode.environmentId}`,
    `policy ${policy}`,
    `status ${episode.status}, stop ${episode.stop}${episode.error ? `: ${episode.error.code}: ${episode.error.message}` : ''}`,
    `tools ${episode.tools.length} offered, distractors: ${distractors}`,
    `time ${ms(episode.timings.wallMs)} (policy ${ms(episode.timings.policyMs)}, tools ${ms(episode.timings.toolMs)})`,
  ];
  const question = episode.messages.find((m) => m.role === 'user')?.content;
  if (question) lines.push('', `question: ${truncate(question, TEXT_WIDTH)}`);
  const calls = new Map(episode.calls.map((c) => [c.id, c]));
  for (const turn of episode.turns) {
    lines.push('', `turn ${turn.index} (${turn.finishReason ?? 'no finish reason'}, ${turn.usage.outputTokens} tokens)`);
    if (turn.content.trim()) lines.push(`  assistant: ${truncate(turn.content, TEXT_WIDTH)}`);
    for (const id of turn.callIds) {
      const call = calls.get(id);
      lines.push(...(call ? callLines(call) : [`    call ${id}: not recorded`]));
    }
  }
  lines.push('', ...(episode.reward ? renderReward(episode.reward) : ['no reward: the episode failed on infrastructure']));
  return lines.join('\n');
}

/** Re-scores: before → after per episode, then the total. */
export function renderRescores(items: readonly EpisodeRescore[]): string {
  const before = (r: EpisodeRescore) => (r.before ? fixed(r.before.reward) : '-');
  const rows = items.map((r) => [
    short(r.id),
    `${before(r)} → ${fixed(r.after.reward)}`,
    r.after.kind,
    r.mismatchedCalls === undefined ? '-' : r.mismatchedCalls,
  ]);
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const scoredBefore = items.flatMap((r) => (r.before ? [r.before.reward] : []));
  const changed = items.filter((r) => r.before?.reward !== r.after.reward).length;
  const total =
    `${items.length} episode(s) rescored, ${changed} changed; mean ${fixed(mean(scoredBefore))} → ` +
    `${fixed(mean(items.map((r) => r.after.reward)))}`;
  return `${renderTable(['ID', 'BEFORE → AFTER', 'KIND', 'MISMATCHED CALLS'], rows)}\n${total}`;
}

/** A batch's groups for trainers: one JSON line per episode, in group order, each with its group's id. */
export function batchJsonLines(groups: readonly { group: GroupSummary; episodes: readonly EpisodeRecord[] }[]): string {
  return groups.flatMap(({ group, episodes }) => episodes.map((e) => `${JSON.stringify({ groupId: group.id, ...e })}\n`)).join('');
}
