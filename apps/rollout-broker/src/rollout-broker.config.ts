import { loadConfig, platformEnv, portSchema } from '@astra/platform/config';
import { z } from 'zod';

const hostList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h.length > 0),
  )
  .pipe(z.array(z.string()).min(1));

export const RolloutBrokerConfigSchema = z.object({
  ...platformEnv,
  PORT: portSchema.default(3005),
  /** Episodes running at once in one broker (back-pressure: a batch starts a new episode only when one ends). */
  ROLLOUT_MAX_EPISODES: z.coerce.number().int().min(1).max(10_000).default(256),
  /**
   * Hosts a policy endpoint may be on (comma-separated host names or IPs). A batch naming another host is refused:
   * the URL arrives over the bus, so it must not point the broker anywhere it likes.
   */
  ROLLOUT_POLICY_HOSTS: hostList.default(['127.0.0.1', 'localhost', '::1']),
  /** Bearer key sent to policy endpoints (only those on ROLLOUT_POLICY_HOSTS); never logged. */
  ROLLOUT_POLICY_API_KEY: z.string().min(1).optional(),
  /** How long one policy turn may take before it is retried (then the episode fails on infrastructure). */
  ROLLOUT_POLICY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(120_000),
  /** How long a sandbox or policy fault is retried (with backoff) before the episode is marked failed-infrastructure. */
  ROLLOUT_INFRA_RETRY_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** Failed-infrastructure episodes in a row after which a batch stops and is retried later (the verifier is down). */
  ROLLOUT_MAX_INFRA_STREAK: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Environment records kept in memory (tools, code, pools) between batches. */
  ROLLOUT_ENV_CACHE: z.coerce.number().int().min(1).max(100_000).default(2_000),
  /** Bearer token the HTTP rollout API requires when set (the API binds to HOST, loopback by default). */
  ROLLOUT_HTTP_TOKEN: z.string().min(1).optional(),
});

export type RolloutBrokerConfig = ReturnType<typeof loadRolloutBrokerConfig>;

/** Parsed once at boot from the environment; frozen. */
export function loadRolloutBrokerConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(RolloutBrokerConfigSchema, env);
}

/** Injection token of the RolloutBrokerConfig. */
export const ROLLOUT_BROKER_CONFIG = Symbol.for('astra.rollout-broker.config');
