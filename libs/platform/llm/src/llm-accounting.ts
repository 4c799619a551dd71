/** Totals for one (run, stage, role). Cost is null when the role has no price configured. */
export interface LlmUsageEntry {
  runId: string | null;
  stage: string | null;
  role: string;
  model: string;
  /** Calls answered by the network (successful or not), excluding cache hits. */
  calls: number;
  cacheHits: number;
  errors: number;
  /** Attempts beyond the first, over all calls. */
  retries: number;
  inputTokens: number;
  outputTokens: number;
  latencyMsTotal: number;
  latencyMsMax: number;
  costUsd: number | null;
}

/** One finished call as the accountant sees it. */
export interface LlmCallRecord {
  runId?: string;
  stage?: string;
  role: string;
  model: string;
  outcome: 'ok' | 'error' | 'cache_hit';
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  price?: { inputPerMTok: number; outputPerMTok: number };
}

/** Per run and stage accounting of LLM calls, tokens, latency, errors and cost. */
export class LlmAccounting {
  private readonly entries = new Map<string, LlmUsageEntry>();

  record(call: LlmCallRecord): void {
    const key = `${call.runId ?? ''}\u0000${call.stage ?? ''}\u0000${call.role}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        runId: call.runId ?? null,
        stage: call.stage ?? null,
        role: call.role,
        model: call.model,
        calls: 0,
        cacheHits: 0,
        errors: 0,
        retries: 0,
        inputTokens: 0,
        outputTokens: 0,
        latencyMsTotal: 0,
        latencyMsMax: 0,
        costUsd: call.price ? 0 : null,
      };
      this.entries.set(key, entry);
    }
    if (call.outcome === 'cache_hit') {
      entry.cacheHits++;
      return; // a cache hit costs nothing and made no call
    }
    entry.calls++;
    if (call.outcome === 'error') entry.errors++;
    entry.retries += Math.max(0, call.attempts - 1);
    entry.inputTokens += call.inputTokens;
    entry.outputTokens += call.outputTokens;
    entry.latencyMsTotal += call.latencyMs;
    entry.latencyMsMax = Math.max(entry.latencyMsMax, call.latencyMs);
    if (call.price && entry.costUsd !== null) {
      entry.costUsd += (call.inputTokens * call.price.inputPerMTok + call.outputTokens * call.price.outputPerMTok) / 1e6;
    }
  }

  /** A copy of every entry, optionally only those of one run. */
  snapshot(runId?: string): LlmUsageEntry[] {
    const all = [...this.entries.values()].map((e) => ({ ...e }));
    return runId === undefined ? all : all.filter((e) => e.runId === runId);
  }

  /** Sums entries (e.g. a whole run) into one line. */
  static total(entries: LlmUsageEntry[]): Omit<LlmUsageEntry, 'runId' | 'stage' | 'role' | 'model'> {
    const sum = { calls: 0, cacheHits: 0, errors: 0, retries: 0, inputTokens: 0, outputTokens: 0, latencyMsTotal: 0, latencyMsMax: 0, costUsd: null as number | null };
    for (const e of entries) {
      sum.calls += e.calls;
      sum.cacheHits += e.cacheHits;
      sum.errors += e.errors;
      sum.retries += e.retries;
      sum.inputTokens += e.inputTokens;
      sum.outputTokens += e.outputTokens;
      sum.latencyMsTotal += e.latencyMsTotal;
      sum.latencyMsMax = Math.max(sum.latencyMsMax, e.latencyMsMax);
      if (e.costUsd !== null) sum.costUsd = (sum.costUsd ?? 0) + e.costUsd;
    }
    return sum;
  }
}
