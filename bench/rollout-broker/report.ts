// Figures, ratios and targets of the rollout-broker benchmark (explained in README.md).
import type { RolloutBatchSummary } from '@astra/contracts';

/** Episodes the broker must hold at once with an instant policy. */
export const MIN_CONCURRENT = 1000;
/** The broker's time per environment step beyond the same sandbox work done directly, at the median. */
export const MAX_P50_OVERHEAD_MS = 2;

export interface ScaleFigures {
  readonly summary: RolloutBatchSummary;
  readonly seconds: number;
  readonly peakInFlight: number;
  readonly episodeLimit: number;
  readonly rssBeforeMb: number;
  readonly rssPeakMb: number;
}

export interface OverheadFigures {
  readonly episodes: number;
  readonly steps: number;
  readonly lanes: number;
  readonly brokerSeconds: number;
  readonly directSeconds: number;
  /** Per episode: (broker wall − direct wall) / its steps, sorted. */
  readonly perStepMs: readonly number[];
}

const q = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const f = (n: number, d = 1): string => n.toFixed(d);

/** Prints every figure and returns whether every target was met. */
export function report(envs: number, scale: ScaleFigures, overhead: OverheadFigures): boolean {
  const s = scale.summary;
  const p50 = q(overhead.perStepMs, 0.5);
  const p99 = q(overhead.perStepMs, 0.99);
  console.log(`environments: ${envs} kb environments (env-compiler, checked in the verifier)`);
  console.log(`\nscale: oracle policy (instant), G=${s.groupSize}, n=${s.batchSize}, ROLLOUT_MAX_EPISODES=${scale.episodeLimit}`);
  console.log(`  episodes             ${s.episodes} in ${f(scale.seconds)} s = ${f(s.episodes / scale.seconds)} episodes/s`);
  console.log(`  held at once (peak)  ${scale.peakInFlight} episodes`);
  console.log(
    `  groups               generated ${s.generated}, handed ${s.groups.length}, dropped ${s.dropped}, carried out ${s.carriedOut}, infrastructure ${s.infrastructure}`,
  );
  console.log(
    `  reward               ${f(s.rewardMean, 3)} ± ${f(s.rewardStd, 3)}, valid ratio ${f(s.validRatio, 2)}, calls/episode ${f(s.callsPerEpisode, 2)}`,
  );
  console.log(`  memory (bench rss)   ${f(scale.rssBeforeMb, 0)} MB before, ${f(scale.rssPeakMb, 0)} MB at peak`);
  const stepsPerS = overhead.steps / overhead.brokerSeconds;
  console.log(`\noverhead: ${overhead.episodes} episodes, ${overhead.steps} environment steps, ${overhead.lanes} at a time`);
  console.log(`  through the broker   ${f(overhead.brokerSeconds, 2)} s (${f(stepsPerS, 0)} steps/s)`);
  console.log(`  direct sandbox RPCs  ${f(overhead.directSeconds, 2)} s (same bundles and calls; baseline)`);
  console.log(`  ratio                ${f(overhead.brokerSeconds / overhead.directSeconds, 2)}x the direct time`);
  console.log(`  overhead per step    p50 ${f(p50, 2)} ms, p99 ${f(p99, 2)} ms`);
  const checks: [string, boolean][] = [
    [`at least ${MIN_CONCURRENT} episodes held at once (${scale.peakInFlight})`, scale.peakInFlight >= MIN_CONCURRENT],
    [`overhead per step p50 under ${MAX_P50_OVERHEAD_MS} ms (${f(p50, 2)})`, p50 < MAX_P50_OVERHEAD_MS],
    [`no episode failed on infrastructure (${s.failedInfrastructure})`, s.failedInfrastructure === 0],
    [`the batch is complete (${s.groups.length}/${s.batchSize})`, s.complete],
  ];
  console.log('\ntargets:');
  for (const [what, ok] of checks) console.log(`  ${ok ? 'met   ' : 'MISSED'} ${what}`);
  return checks.every(([, ok]) => ok);
}
