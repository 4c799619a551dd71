import type { TrajectoryRecord } from '@astra/contracts';

/** Mean, min and max of a count per conversation (all zero for no conversations). */
export interface CountSummary {
  mean: number;
  min: number;
  max: number;
}

/** Judge scores: counts of mean scores in buckets of 0.1 (the last holds 1.0), unscored ones, and verdicts. */
export interface ScoreHistogram {
  /** Ten counts: [0, 0.1), [0.1, 0.2), ..., [0.9, 1.0]. */
  buckets: number[];
  /** Judged or not, with no mean score (rules mode, an unknown dimension, never judged). */
  unscored: number;
  accepted: number;
  rejected: number;
  unjudged: number;
}

/** Figures over a set of trajectories. */
export interface ExportSummary {
  conversations: number;
  messages: CountSummary;
  calls: CountSummary;
  /** Calls by tool name. */
  toolsUsed: Record<string, number>;
  scores: ScoreHistogram;
}

/** The export's statistics: overall, by executor, and by agent (`oracle`, or `model:<name>`). */
export interface ExportStatistics extends ExportSummary {
  byExecutor: Record<string, ExportSummary>;
  byAgent: Record<string, ExportSummary>;
}

const BUCKETS = 10;

/** Statistics of an export: messages and calls per conversation, tools used, judge score histogram; by executor and agent. */
export function exportStatistics(trajectories: readonly TrajectoryRecord[]): ExportStatistics {
  return {
    ...summarize(trajectories),
    byExecutor: summarizeGroups(trajectories, (t) => t.executor),
    byAgent: summarizeGroups(trajectories, agentLabel),
  };
}

/** How the statistics name an agent: `oracle`, `model:<name>`, or `model` when no name was recorded. */
export function agentLabel(trajectory: TrajectoryRecord): string {
  return trajectory.agent.model !== undefined ? `${trajectory.agent.kind}:${trajectory.agent.model}` : trajectory.agent.kind;
}

function summarizeGroups(trajectories: readonly TrajectoryRecord[], keyOf: (t: TrajectoryRecord) => string): Record<string, ExportSummary> {
  const groups = new Map<string, TrajectoryRecord[]>();
  for (const t of trajectories) {
    const key = keyOf(t);
    const group = groups.get(key);
    if (group) group.push(t);
    else groups.set(key, [t]);
  }
  const out: Record<string, ExportSummary> = {};
  for (const key of [...groups.keys()].sort()) out[key] = summarize(groups.get(key) ?? []);
  return out;
}

function summarize(trajectories: readonly TrajectoryRecord[]): ExportSummary {
  const toolsUsed: Record<string, number> = {};
  for (const t of trajectories) for (const c of t.calls) toolsUsed[c.tool] = (toolsUsed[c.tool] ?? 0) + 1;
  return {
    conversations: trajectories.length,
    messages: countSummary(trajectories.map((t) => t.messages.length)),
    calls: countSummary(trajectories.map((t) => t.calls.length)),
    toolsUsed: Object.fromEntries(Object.entries(toolsUsed).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    scores: histogram(trajectories),
  };
}

function countSummary(values: readonly number[]): CountSummary {
  if (values.length === 0) return { mean: 0, min: 0, max: 0 };
  const sum = values.reduce((a, b) => a + b, 0);
  return { mean: sum / values.length, min: Math.min(...values), max: Math.max(...values) };
}

function histogram(trajectories: readonly TrajectoryRecord[]): ScoreHistogram {
  const out: ScoreHistogram = { buckets: new Array<number>(BUCKETS).fill(0), unscored: 0, accepted: 0, rejected: 0, unjudged: 0 };
  for (const t of trajectories) {
    out[t.verdict] += 1;
    const mean = t.judgement?.mean;
    if (mean === undefined || mean === null) {
      out.unscored += 1;
      continue;
    }
    // Math.round first so 0.3 (0.29999... in binary) lands in [0.3, 0.4); 1.0 joins the last bucket.
    const index = Math.min(BUCKETS - 1, Math.floor(Math.round(mean * BUCKETS * 1e6) / 1e6));
    out.buckets[index] = (out.buckets[index] ?? 0) + 1;
  }
  return out;
}
