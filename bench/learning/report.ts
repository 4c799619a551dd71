import type { EvalResult } from '@astra/contracts';

/** What one seed measured. */
export interface SeedFigures {
  readonly seed: number;
  readonly untrained: EvalResult;
  readonly sft: EvalResult;
  readonly grpo: EvalResult;
  /** Mean reward of each GRPO step's batch (train environments, sampled). */
  readonly rewardCurve: readonly number[];
  readonly sftLoss: number;
  readonly sftTokensPerSecond: number;
  readonly sftSeconds: number;
  readonly grpoSeconds: number;
  readonly seconds: number;
}

const PHASES = ['untrained', 'sft', 'grpo'] as const;
const LABEL: Record<(typeof PHASES)[number], string> = { untrained: 'untrained', sft: 'SFT', grpo: 'SFT + GRPO' };

/** Mean and sample standard deviation. */
function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  const variance = values.length < 2 ? 0 : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

const fmt = (values: readonly number[], digits = 3): string => {
  const { mean, std } = meanStd(values);
  return `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
};

/** Prints the table and the reward curve; true when SFT beats untrained and GRPO beats SFT on held-out mean F1 by more than the standard error. */
export function report(seeds: readonly SeedFigures[], seconds: number): boolean {
  const lines = [
    '',
    `held-out environments (${seeds[0]?.sft.episodes ?? 0} episodes per evaluation), mean ± std over ${seeds.length} seed(s):`,
    '',
    '| model | mean F1 | solved rate | recall | calls per episode |',
    '|---|---|---|---|---|',
  ];
  for (const phase of PHASES) {
    const results = seeds.map((s) => s[phase]);
    lines.push(
      `| ${LABEL[phase]} | ${fmt(results.map((r) => r.rewardMean))} | ${fmt(results.map((r) => r.solvedRate))} | ` +
        `${fmt(results.map((r) => r.recallMean))} | ${fmt(
          results.map((r) => r.callsPerEpisode),
          2,
        )} |`,
    );
  }
  const steps = Math.max(0, ...seeds.map((s) => s.rewardCurve.length));
  const curve = Array.from({ length: steps }, (_, i) => meanStd(seeds.flatMap((s) => s.rewardCurve[i] ?? [])).mean.toFixed(3));
  lines.push('', `GRPO reward curve (train batches, mean over seeds, step 1..${steps}): ${curve.join(' ')}`);
  lines.push(
    `SFT: final loss ${fmt(seeds.map((s) => s.sftLoss))}, ${fmt(
      seeds.map((s) => s.sftTokensPerSecond),
      0,
    )} tokens/s, ` +
      `${fmt(
        seeds.map((s) => s.sftSeconds),
        0,
      )} s; GRPO ${fmt(
        seeds.map((s) => s.grpoSeconds),
        0,
      )} s; whole run ${seconds.toFixed(0)} s`,
  );
  const sftGain = gain(seeds, 'untrained', 'sft');
  const rlGain = gain(seeds, 'sft', 'grpo');
  lines.push('', `SFT vs untrained: ${sftGain.text}; SFT+GRPO vs SFT: ${rlGain.text}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return sftGain.met && rlGain.met;
}

/** How much `to` beats `from` in held-out mean F1; met only when the gain exceeds its standard error over the seeds. */
function gain(seeds: readonly SeedFigures[], from: (typeof PHASES)[number], to: (typeof PHASES)[number]): { met: boolean; text: string } {
  const a = meanStd(seeds.map((s) => s[from].rewardMean));
  const b = meanStd(seeds.map((s) => s[to].rewardMean));
  const delta = b.mean - a.mean;
  const stderr = Math.sqrt((a.std ** 2 + b.std ** 2) / Math.max(1, seeds.length));
  const met = delta > 0 && delta > stderr;
  const verdict = met ? 'met' : delta > 0 ? 'MISSED: within the standard error' : 'MISSED';
  return { met, text: `${delta >= 0 ? '+' : ''}${delta.toFixed(3)} F1, standard error ${stderr.toFixed(3)} (${verdict})` };
}
