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

/** Prints the table and the reward curve; true when SFT beats untrained and GRPO beats SFT on held-out mean F1. */
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
  const f1 = (phase: (typeof PHASES)[number]) => meanStd(seeds.map((s) => s[phase].rewardMean)).mean;
  const sftGain = f1('sft') - f1('untrained');
  const rlGain = f1('grpo') - f1('sft');
  lines.push(
    '',
    `SFT vs untrained: ${sftGain >= 0 ? '+' : ''}${sftGain.toFixed(3)} F1 (${sftGain > 0 ? 'met' : 'MISSED'}); ` +
      `SFT+GRPO vs SFT: ${rlGain >= 0 ? '+' : ''}${rlGain.toFixed(3)} F1 (${rlGain > 0 ? 'met' : 'MISSED'})`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return sftGain > 0 && rlGain > 0;
}
