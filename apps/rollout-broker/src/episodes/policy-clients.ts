import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { BusError } from '@astra/contracts';
import { LlmClient, parseLlmConfig } from '@astra/platform/llm';
import { ROLLOUT_BROKER_CONFIG, type RolloutBrokerConfig } from '../rollout-broker.config';

/** The one role every policy client has. */
export const POLICY_ROLE = 'policy';

/** A URL's host as ROLLOUT_POLICY_HOSTS lists it: lower case, IPv6 without brackets; undefined when it does not parse. */
export function policyHost(baseUrl: string): string | undefined {
  try {
    return new URL(baseUrl).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

/**
 * LLM clients of policy endpoints, one per (baseUrl, model), kept for the life of the service (their keep-alive pools
 * serve every episode of every batch on that endpoint) and closed when the module stops.
 */
@Injectable()
export class PolicyClients implements OnModuleDestroy {
  private readonly clients = new Map<string, LlmClient>();
  private readonly hosts: ReadonlySet<string>;

  constructor(@Inject(ROLLOUT_BROKER_CONFIG) private readonly config: RolloutBrokerConfig) {
    this.hosts = new Set(config.ROLLOUT_POLICY_HOSTS);
  }

  /** Whether a policy endpoint may be called at this URL (its host is on ROLLOUT_POLICY_HOSTS). */
  allows(baseUrl: string): boolean {
    const host = policyHost(baseUrl);
    return host !== undefined && this.hosts.has(host);
  }

  /** The client of one endpoint and model; the role's sampling parameters are sent per request. */
  get(baseUrl: string, model: string): LlmClient {
    // Checked here too, so the API key can never reach a host that is not allowed, whoever calls.
    if (!this.allows(baseUrl)) throw new BusError('VALIDATION_FAILED', `policy endpoint host ${policyHost(baseUrl) ?? '?'} is not allowed`);
    const key = `${baseUrl}\u0000${model}`;
    let client = this.clients.get(key);
    if (!client) {
      const apiKey = this.config.ROLLOUT_POLICY_API_KEY;
      const endpoint = { baseUrl, maxConcurrency: this.config.ROLLOUT_MAX_EPISODES, ...(apiKey ? { apiKey } : {}) };
      const role = { endpoints: [endpoint], model, timeoutMs: this.config.ROLLOUT_POLICY_TIMEOUT_MS, textToolCalls: true };
      client = new LlmClient(parseLlmConfig({ roles: { [POLICY_ROLE]: role }, cache: { mode: 'off' } }));
      this.clients.set(key, client);
    }
    return client;
  }

  async onModuleDestroy(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  }
}
