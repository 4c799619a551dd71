// The contract's defaults as the help shows them. Plain values, not parsed from the schemas: `astra --help` must not
// load zod (tools/build-cli.spec.ts); training-defaults.spec.ts keeps them equal to the schemas' defaults.

export const SCRATCH = { width: 128, layers: 3, heads: 4, context: 512, minWordCount: 2 } as const;
export const SFT = { steps: 300, batchSize: 16, learningRate: 1e-3, warmupSteps: 20, epochs: 1000 } as const;
export const GRPO = {
  steps: 20,
  learningRate: 1e-4,
  clipLow: 0.2,
  clipHigh: 0.2,
  rollouts: { groupSize: 8, batchSize: 8, minRewardStd: 0, temperature: 1, maxTurns: 32, distractorsPerBand: 1 },
} as const;
export const EVAL = { samples: 1, temperature: 0, maxTurns: 32, distractorsPerBand: 1 } as const;
