import { Injectable } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import type { StepMetrics, TrainingBackend, TrainingKind } from '@astra/contracts';

// libs/platform/telemetry has no metric helpers; names follow METRICS in libs/contracts (move them there when a
// dashboard reads them). Every instrument is a histogram of one value per step, with {kind, backend}.
const NAMES = {
  loss: 'astra.training.loss',
  rewardMean: 'astra.training.reward.mean',
  rewardStd: 'astra.training.reward.std',
  validGroupRatio: 'astra.training.valid_group_ratio',
  tokensPerSecond: 'astra.training.tokens_per_second',
  callsPerEpisode: 'astra.training.calls_per_episode',
} as const satisfies Partial<Record<keyof StepMetrics, string>>;

type Recorded = keyof typeof NAMES;

/** OpenTelemetry metrics of training steps: loss, reward mean and spread, valid-group ratio, tokens/s, calls per episode. */
@Injectable()
export class TrainingMetrics {
  private readonly meter = metrics.getMeter('trainer-gateway');
  private readonly histograms = Object.fromEntries(
    Object.entries(NAMES).map(([field, name]) => [field, this.meter.createHistogram(name)]),
  ) as Record<Recorded, ReturnType<typeof this.meter.createHistogram>>;

  step(kind: TrainingKind, backend: TrainingBackend, step: StepMetrics): void {
    for (const field of Object.keys(NAMES) as Recorded[]) {
      const value = step[field];
      if (typeof value === 'number' && Number.isFinite(value)) this.histograms[field].record(value, { kind, backend });
    }
  }
}
