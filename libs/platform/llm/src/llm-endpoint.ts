import { Pool } from 'undici';
import { parseRetryAfterMs } from './backoff';
import { ConcurrencyLimiter } from './concurrency-limiter';
import type { LlmEndpointConfig } from './llm-config.schema';
import { classifyError, isRetryableStatus, LlmHttpError } from './llm-http.error';

/** Shares one keep-alive undici Pool per origin between every role and endpoint that points there. */
export class PoolRegistry {
  private readonly pools = new Map<string, Pool>();

  private readonly wanted = new Map<string, number>();

  /** Declares connections an endpoint needs; call for every endpoint before the first `get`. */
  reserve(origin: string, connections: number): void {
    this.wanted.set(origin, (this.wanted.get(origin) ?? 0) + connections);
  }

  /** The pool of an origin, sized to the sum of its endpoints' concurrency so the limiter, not undici, queues. */
  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      const connections = Math.max(1, this.wanted.get(origin) ?? 1);
      pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}

/** One configured endpoint of a role: its URL, key, HTTP pool and concurrency limit. */
export class LlmEndpoint {
  readonly limiter: ConcurrencyLimiter;
  readonly baseUrl: string;
  private readonly pathPrefix: string;
  private readonly headers: Record<string, string>;
  private readonly origin: string;
  private pool: Pool | undefined;

  constructor(
    config: LlmEndpointConfig,
    private readonly pools: PoolRegistry,
  ) {
    const url = new URL(config.baseUrl);
    this.baseUrl = config.baseUrl;
    this.pathPrefix = url.pathname.replace(/\/+$/, '');
    this.limiter = new ConcurrencyLimiter(config.maxConcurrency);
    this.headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (config.apiKey) this.headers['authorization'] = `Bearer ${config.apiKey}`;
    this.origin = url.origin;
    // Pools are made on first use, once every endpoint of the client has reserved its share of connections.
    pools.reserve(url.origin, config.maxConcurrency);
  }

  /** Load relative to capacity, used to pick the least busy endpoint. */
  get load(): number {
    return (this.limiter.inFlight + this.limiter.queued) / this.limiter.capacity;
  }

  /**
   * POSTs JSON within the concurrency limit and a deadline; returns the parsed body or throws LlmHttpError.
   * The deadline is undici's own headers and body timeouts (no AbortController per call: it cost about 20 us of CPU
   * a call); bodies are small JSON, so waiting for the headers is where a slow model shows.
   */
  async postJson(path: string, body: string, timeoutMs: number, now: () => number): Promise<unknown> {
    if (!this.limiter.tryAcquire()) await this.limiter.acquire();
    try {
      this.pool ??= this.pools.get(this.origin);
      const res = await this.pool.request({
        path: this.pathPrefix + path,
        method: 'POST',
        headers: this.headers,
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await res.body.text();
      if (res.statusCode < 200 || res.statusCode >= 300) {
        const retryAfterMs = parseRetryAfterMs(res.headers['retry-after'], now());
        const message = `HTTP ${res.statusCode} from ${this.baseUrl}${path}: ${text.slice(0, 300)}`;
        throw new LlmHttpError(message, 'status', isRetryableStatus(res.statusCode), res.statusCode, retryAfterMs);
      }
      try {
        return JSON.parse(text);
      } catch {
        throw new LlmHttpError(`malformed JSON body from ${this.baseUrl}${path}: ${text.slice(0, 200)}`, 'malformed', true, res.statusCode);
      }
    } catch (error) {
      throw classifyError(error);
    } finally {
      this.limiter.release();
    }
  }
}
