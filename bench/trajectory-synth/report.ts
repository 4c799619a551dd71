// Figures, ratios and targets of the trajectory-synth benchmark (explained in README.md).
import type { TrajectorySynthesisSummary } from '@astra/contracts';

/** The service's time per tool call beyond the same call made directly, at the median. */
export const MAX_P50_OVERHEAD_MS = 5;

export interface RunFigures {
  readonly label: string;
  readonly concurrency: number;
  readonly summary: TrajectorySynthesisSummary;
  readonly seconds: number;
  /** Trajectories the job should make: tasks × per task. */
  readonly expected: number;
  /** How often each rejection reason occurred (a trajectory may have several). */
  readonly reasons: Readonly<Record<string, number>>;
}

export interface OverheadFigures {
  readonly trajectories: number;
  readonly calls: number;
  readonly serviceSeconds: number;
  readonly directSeconds: number;
  /** Per trajectory: (its wall time in the service − its calls made directly) / its calls, sorted. */
  readonly perCallMs: readonly number[];
}

const q = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const f = (n: number, d = 1): string => n.toFixed(d);

function printRun(run: RunFigures): void {
  const s = run.summary;
  console.log(`\n${run.label}: TRAJ_CONCURRENCY=${run.concurrency}`);
  console.log(`  trajectories         ${s.trajectories} in ${f(run.seconds)} s = ${f((s.trajectories / run.seconds) * 60, 0)} per minute`);
  console.log(`  verdicts             ${s.accepted} accepted, ${s.rejected} rejected, ${s.unjudged} unjudged, ${s.failed} failed`);
  console.log(`  calls/trajectory     ${f(s.callsPerTrajectory, 2)}`);
  const reasons = Object.entries(run.reasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) console.log(`  rejected because     ${reasons.map(([r, n]) => `${r} (${n})`).join('; ')}`);
}

/** Prints every figure and returns whether every target was met. */
export function report(tasks: number, runs: readonly RunFigures[], overhead: OverheadFigures): boolean {
  console.log(`tasks: ${tasks} tasks from kb environments (their own prompts and decompositions, no model)`);
  for (const run of runs) printRun(run);
  const p50 = q(overhead.perCallMs, 0.5);
  const p99 = q(overhead.perCallMs, 0.99);
  console.log(`\noverhead: ${overhead.trajectories} oracle trajectories (compiled executor, no detours, unjudged), one at a time`);
  console.log(`  through the service  ${f(overhead.serviceSeconds, 2)} s for ${overhead.calls} calls`);
  console.log(`  direct sandbox RPCs  ${f(overhead.directSeconds, 2)} s (same bundles and calls; baseline)`);
  console.log(`  overhead per call    p50 ${f(p50, 2)} ms, p99 ${f(p99, 2)} ms`);
  const checks: [string, boolean][] = [
    ...runs.map((r): [string, boolean] => [`${r.label}: no trajectory failed (${r.summary.failed})`, r.summary.failed === 0]),
    ...runs.map((r): [string, boolean] => [
      `${r.label}: every trajectory made (${r.summary.trajectories}/${r.expected})`,
      r.summary.trajectories === r.expected,
    ]),
    [`overhead per call p50 under ${MAX_P50_OVERHEAD_MS} ms (${f(p50, 2)})`, p50 < MAX_P50_OVERHEAD_MS],
  ];
  console.log('\ntargets:');
  for (const [what, ok] of checks) console.log(`  ${ok ? 'met   ' : 'MISSED'} ${what}`);
  return checks.every(([, ok]) => ok);
}
