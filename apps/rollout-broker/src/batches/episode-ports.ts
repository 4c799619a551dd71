/** Injection token of the EpisodeRunnerPort (see episodes/episode.types.ts). */
export const EPISODE_RUNNER = Symbol.for('astra.rollout-broker.episode-runner');

/** Injection token of the PolicyFactoryPort (see episodes/episode.types.ts). */
export const POLICY_FACTORY = Symbol.for('astra.rollout-broker.policy-factory');
