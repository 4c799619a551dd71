import { metrics } from '@opentelemetry/api';
import { type Histogram, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { TrainingMetrics } from './training-metrics';

/** A reader collected on demand. */
class TestReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

describe('TrainingMetrics', () => {
  it('records each step metric the step has, with the job kind and backend, and skips absent or non-finite ones', async () => {
    const reader = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    const training = new TrainingMetrics();
    training.step('grpo', 'local', {
      step: 1,
      at: 'x',
      loss: 0.5,
      rewardMean: 0.25,
      rewardStd: 0.1,
      validGroupRatio: 0.75,
      tokensPerSecond: 900,
      callsPerEpisode: 2,
    });
    training.step('sft', 'local', { step: 1, at: 'x', loss: Number.NaN, tokensPerSecond: 1000 });
    const { resourceMetrics } = await reader.collect();
    const points = resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .flatMap((m) => m.dataPoints.map((p) => ({ name: m.descriptor.name, attributes: p.attributes, sum: (p.value as Histogram).sum })));
    const byName = (name: string) => points.filter((p) => p.name === name);
    expect(byName('astra.training.loss')).toEqual([
      { name: 'astra.training.loss', attributes: { kind: 'grpo', backend: 'local' }, sum: 0.5 },
    ]);
    expect(byName('astra.training.tokens_per_second').map((p) => [p.attributes['kind'], p.sum])).toEqual([
      ['grpo', 900],
      ['sft', 1000],
    ]);
    for (const name of [
      'astra.training.reward.mean',
      'astra.training.reward.std',
      'astra.training.valid_group_ratio',
      'astra.training.calls_per_episode',
    ]) {
      expect(byName(name)).toHaveLength(1);
    }
  });
});
