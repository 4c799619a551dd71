import type { Provider } from '@nestjs/common';
import { EpisodeMetrics } from './episode-metrics';
import { EpisodeRunner } from './episode-runner';
import { EPISODE_SANDBOX, EpisodeSandbox } from './episode-sandbox';
import { PolicyClients } from './policy-clients';
import { PolicyFactory } from './policy-factory';

/**
 * The episode providers for RolloutBrokerModule: PolicyFactory and EpisodeRunner (inject them by class), and what they
 * need. They need MessageBus and ROLLOUT_BROKER_CONFIG from the module.
 */
export const EPISODE_PROVIDERS: Provider[] = [
  PolicyClients,
  PolicyFactory,
  EpisodeSandbox,
  { provide: EPISODE_SANDBOX, useExisting: EpisodeSandbox },
  EpisodeMetrics,
  EpisodeRunner,
];
