import { Injectable } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import type { EpisodeRecord } from '@astra/contracts';

// libs/platform/telemetry has no metric helpers; names follow METRICS in libs/contracts (move them there when a
// dashboard reads them).
const EPISODES = 'astra.rollout.episodes'; // counter {status, stop, policy_kind}
const REWARD = 'astra.rollout.episode.reward'; // histogram {reward_kind}
const TURN_LATENCY = 'astra.rollout.turn.duration'; // histogram ms {policy_kind}

/** Episode metrics: episodes by status and stop, the reward, the latency of policy turns. */
@Injectable()
export class EpisodeMetrics {
  private readonly meter = metrics.getMeter('rollout-broker');
  private readonly episodes = this.meter.createCounter(EPISODES);
  private readonly reward = this.meter.createHistogram(REWARD);
  private readonly turnLatency = this.meter.createHistogram(TURN_LATENCY, { unit: 'ms' });

  turn(policyKind: string, latencyMs: number): void {
    this.turnLatency.record(latencyMs, { policy_kind: policyKind });
  }

  episode(record: EpisodeRecord): void {
    this.episodes.add(1, { status: record.status, stop: record.stop, policy_kind: record.policy.kind });
    if (record.reward) this.reward.record(record.reward.reward, { reward_kind: record.reward.kind });
  }
}
