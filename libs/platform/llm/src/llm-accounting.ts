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

type Price = { inputPerMTok: number; outputPerMTok: number };

/** The running totals of one (run, stage, role): found once per call, then updated in place. */
export class LlmUsageCounter {
  constructor(readonly entry: LlmUsageEntry) {}

  /** Adds one finished call; its cost counts when it has a price and the entry was opened with one. */
  add(
    outcome: LlmCallRecord['outcome'],
    attempts: number,
    inputTokens: number,
    outputTokens: number,
    latencyMs: number,
    price: Price | undefined,
  ): void {
    const entry = this.entry;
    if (outcome === 'cache_hit') {
      entry.cacheHits++;
      return; // a cache hit costs nothing and made no call
    }
    entry.calls++;
    if (outcome === 'error') entry.errors++;
    if (attempts > 1) entry.retries += attempts - 1;
    entry.inputTokens += inputTokens;
    entry.outputTokens += outputTokens;
    entry.latencyMsTotal += latencyMs;
    if (latencyMs > entry.latencyMsMax) entry.latencyMsMax = latencyMs;
    if (price && entry.costUsd !== null) {
      entry.costUsd += (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1e6;
    }
  }
}

/**
 * Per run and stage accounting of LLM calls, tokens, latency, errors and cost. Counters sit in maps keyed by role,
 * run and stage in turn, so a call finds its own with three lookups of strings it already holds, and builds no key.
 */
export class LlmAccounting {
  private readonly byRole = new Map<string, Map<string, Map<string, LlmUsageCounter>>>();
  private readonly entries: LlmUsageEntry[] = [];

  record(call: LlmCallRecord): void {
    this.counter(call.runId, call.stage, call.role, call.model, call.price).add(
      call.outcome,
      call.attempts,
      call.inputTokens,
      call.outputTokens,
      call.latencyMs,
      call.price,
    );
  }

  /** The counter of a (run, stage, role), made on first use with the role's model (cost null without a price). */
  counter(runId: string | undefined, stage: string | undefined, role: string, model: string, price?: Price): LlmUsageCounter {
    let byRun = this.byRole.get(role);
    if (!byRun) this.byRole.set(role, (byRun = new Map()));
    let byStage = byRun.get(runId ?? '');
    if (!byStage) byRun.set(runId ?? '', (byStage = new Map()));
    let counter = byStage.get(stage ?? '');
    if (!counter) {
      const entry: LlmUsageEntry = {
        runId: runId ?? null,
        stage: stage ?? null,
        role,
        model,
        calls: 0,
        cacheHits: 0,
        errors: 0,
        retries: 0,
        inputTokens: 0,
        outputTokens: 0,
        latencyMsTotal: 0,
        latencyMsMax: 0,
        costUsd: price ? 0 : null,
      };
      counter = new LlmUsageCounter(entry);
      byStage.set(stage ?? '', counter);
      this.entries.push(entry);
    }
    return counter;
  }

  /** A copy of every entry, optionally only those of one run. */
  snapshot(runId?: string): LlmUsageEntry[] {
    const all = this.entries.map((e) => ({ ...e }));
    return runId === undefined ? all : all.filter((e) => e.runId === runId);
  }

  /** Sums entries (e.g. a whole run) into one line. */
  static total(entries: LlmUsageEntry[]): Omit<LlmUsageEntry, 'runId' | 'stage' | 'role' | 'model'> {
    const sum = {
      calls: 0,
      cacheHits: 0,
      errors: 0,
      retries: 0,
      inputTokens: 0,
      outputTokens: 0,
      latencyMsTotal: 0,
      latencyMsMax: 0,
      costUsd: null as number | null,
    };
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
