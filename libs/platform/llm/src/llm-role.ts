import { BusError } from '@astra/contracts';
import { computeBackoffMs } from './backoff';
import type { LlmRoleConfig } from './llm-config.schema';
import { LlmEndpoint, type PoolRegistry } from './llm-endpoint';
import { classifyError, type LlmHttpError } from './llm-http.error';
import { LlmTelemetry, type LlmSpanTemplate } from './llm-telemetry';

/** Injected clock and randomness, so retries and backoff are testable without waiting. */
export interface LlmClientDeps {
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** The result of a call that may have needed retries. */
export interface RetriedResult<T> {
  value: T;
  attempts: number;
}

/** A named role at run time: its config and endpoints, with load spreading and retries. */
export class LlmRole {
  readonly endpoints: LlmEndpoint[];
  /**
   * The role's sampling parameters and model as the opening of a chat body (`{"temperature":0,...,"model":"m"`),
   * serialised once: spreading and stringifying the parsed config object on every call cost several microseconds.
   */
  readonly bodyPrefix: string;
  /** Span names and attribute sets of the role's chat and embeddings calls, built once. */
  readonly spans: { readonly chat: LlmSpanTemplate; readonly embeddings: LlmSpanTemplate };
  private turn = 0;

  constructor(
    readonly name: string,
    readonly config: LlmRoleConfig,
    pools: PoolRegistry,
    private readonly deps: LlmClientDeps,
  ) {
    this.endpoints = config.endpoints.map((e) => new LlmEndpoint(e, pools));
    this.bodyPrefix = JSON.stringify({ ...config.params, model: config.model }).slice(0, -1);
    this.spans = {
      chat: LlmTelemetry.template('chat', config.system, config.model, name, config.params),
      embeddings: LlmTelemetry.template('embeddings', config.system, config.model, name),
    };
  }

  /** The least loaded endpoint, round-robin among equals; avoids `exclude` (the one that just failed) when it can. */
  pick(exclude?: LlmEndpoint): LlmEndpoint {
    const n = this.endpoints.length;
    const start = this.turn++ % n;
    let best: LlmEndpoint | undefined;
    for (let i = 0; i < n; i++) {
      const candidate = this.endpoints[(start + i) % n] as LlmEndpoint;
      if (candidate === exclude && n > 1) continue;
      if (!best || candidate.load < best.load) best = candidate;
    }
    return best as LlmEndpoint;
  }

  /** POSTs to one of the role's endpoints, retrying retryable faults with backoff until the budget is spent. */
  async post(path: string, body: string): Promise<RetriedResult<unknown>> {
    const policy = this.config.retries;
    let last: LlmHttpError | undefined;
    let endpoint: LlmEndpoint | undefined;
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      endpoint = this.pick(endpoint);
      try {
        const value = await endpoint.postJson(path, body, this.config.timeoutMs, this.deps.now);
        return { value, attempts: attempt };
      } catch (error) {
        last = classifyError(error);
        if (!last.retryable) {
          throw new BusError('LLM_UNAVAILABLE', `role ${this.name}: ${last.message}`, {
            retryable: false,
            cause: last,
            details: { role: this.name, status: last.status, kind: last.kind, attempts: attempt },
          });
        }
        if (attempt < policy.maxAttempts) {
          await this.deps.sleep(computeBackoffMs(attempt, policy, this.deps.random, last.retryAfterMs));
        }
      }
    }
    throw new BusError('LLM_UNAVAILABLE', `role ${this.name}: gave up after ${policy.maxAttempts} attempts: ${last?.message}`, {
      cause: last,
      details: { role: this.name, status: last?.status, kind: last?.kind, attempts: policy.maxAttempts },
    });
  }
}
