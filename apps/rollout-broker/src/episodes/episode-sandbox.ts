import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { BusError, type EnvironmentBundle, type EnvironmentRecord, type SandboxResult } from '@astra/contracts';
import { MessageBus } from '@astra/platform/bus';
import { ROLLOUT_BROKER_CONFIG, type RolloutBrokerConfig } from '../rollout-broker.config';
import type { DistractorTool } from './episode.types';

/** One episode's tools in the sandbox: calls see the state earlier calls left. */
export interface EpisodeSession {
  /** A tool's result (any status is a result); throws BusError SANDBOX_FAULT when a sandbox fault outlived retries. */
  call(tool: string, args: Record<string, unknown>, timeMs: number): Promise<SandboxResult>;
  /** Closes the session; never throws. */
  close(): Promise<void>;
}

/** Opens episode sessions (the runner's port, faked in unit tests). */
export interface EpisodeSandboxPort {
  open(environment: EnvironmentRecord, distractors: readonly DistractorTool[]): EpisodeSession;
}

/** Clock and sleep of the retry loop, injected so tests do not wait. */
export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Injection token of an optional RetryClock (the real clock when absent). */
export const EPISODE_RETRY_CLOCK = Symbol.for('astra.rollout-broker.episode-retry-clock');

const REAL_CLOCK: RetryClock = { now: () => Date.now(), sleep: (ms) => delay(ms) };
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;
/** Beyond the tool's own limit, what a call may wait on the bus (a busy verifier queues it). */
const CALL_MARGIN_MS = 10_000;
/** Bundle hashes remembered (the verifier keeps bundles warm by hash; a miss just sends the bundle again). */
const MAX_KNOWN_BUNDLES = 10_000;

/** The sandbox bundle of an episode: the environment's tools and the distractors of its language, its setup. */
export function episodeBundle(environment: EnvironmentRecord, distractors: readonly DistractorTool[]): EnvironmentBundle {
  const language = environment.tools[0]?.language ?? 'python';
  const tools = new Map<string, { name: string; code: string }>();
  for (const t of [...environment.tools, ...distractors.map((d) => d.tool)]) {
    if (t.language === language && !tools.has(t.name)) tools.set(t.name, { name: t.name, code: t.code });
  }
  return { language, ...(environment.setup ? { setup: environment.setup } : {}), tools: [...tools.values()] };
}

/**
 * Episode sessions in the verifier (sandbox.session.* RPCs). A sandbox fault (no verifier, a timeout, a lost session
 * after a restart) is retried with backoff within ROLLOUT_INFRA_RETRY_MS: a fresh session replays the calls that had
 * results (call k runs with seed + k, so the state comes back the same), then the call is tried again.
 */
@Injectable()
export class EpisodeSandbox implements EpisodeSandboxPort {
  private readonly hashes = new Map<string, string>();
  private readonly clock: RetryClock;

  constructor(
    private readonly bus: MessageBus,
    @Inject(ROLLOUT_BROKER_CONFIG) private readonly config: RolloutBrokerConfig,
    @Optional() @Inject(EPISODE_RETRY_CLOCK) clock?: RetryClock,
  ) {
    this.clock = clock ?? REAL_CLOCK;
  }

  open(environment: EnvironmentRecord, distractors: readonly DistractorTool[]): EpisodeSession {
    return new RetryingSession(this, episodeBundle(environment, distractors), this.clock, this.config.ROLLOUT_INFRA_RETRY_MS);
  }

  /** Opens a verifier session: by hash once the verifier has seen the bundle, the bundle itself otherwise. */
  async openSession(bundle: EnvironmentBundle, timeMs: number): Promise<string> {
    const key = createHash('sha256').update(JSON.stringify(bundle)).digest('hex');
    const known = this.hashes.get(key);
    const limits = { timeMs };
    // Setup runs under the same limit as a call: a verifier that died with the request in flight is noticed as soon.
    const wait = { timeoutMs: timeMs + CALL_MARGIN_MS };
    let opened;
    try {
      opened = known
        ? await this.bus.request('sandbox.session.open', { bundleHash: known, limits }, wait)
        : await this.bus.request('sandbox.session.open', { bundle, limits }, wait);
    } catch (error) {
      if (!(known && error instanceof BusError && error.code === 'NOT_FOUND')) throw error;
      opened = await this.bus.request('sandbox.session.open', { bundle, limits }, wait);
    }
    if (this.hashes.size >= MAX_KNOWN_BUNDLES) this.hashes.clear();
    this.hashes.set(key, opened.bundleHash);
    if (opened.setup.status !== 'ok') {
      await this.closeSession(opened.sessionId);
      // The environment's own setup failed: retrying cannot help, but it is no agent's fault either.
      throw new BusError('SANDBOX_FAULT', `the environment's setup ended ${opened.setup.status} in the sandbox`, { retryable: false });
    }
    return opened.sessionId;
  }

  callTool(sessionId: string, tool: string, args: Record<string, unknown>, timeMs: number): Promise<SandboxResult> {
    return this.bus.request(
      'sandbox.tool.call',
      { sessionId, tool, arguments: args, limits: { timeMs } },
      { timeoutMs: timeMs + CALL_MARGIN_MS },
    );
  }

  async closeSession(sessionId: string): Promise<void> {
    await this.bus.request('sandbox.session.close', { sessionId }).catch(() => undefined);
  }
}

/** Whether an error is the sandbox's fault (worth a fresh session) rather than a request that can never succeed. */
export function isSandboxFault(error: unknown): boolean {
  if (!(error instanceof BusError)) return true;
  return ['NO_RESPONDERS', 'TIMEOUT', 'SANDBOX_FAULT', 'NOT_FOUND', 'UNAVAILABLE'].includes(error.code) || error.retryable;
}

interface DoneCall {
  index: number;
  tool: string;
  args: Record<string, unknown>;
  timeMs: number;
}

/** One episode's session, opened on the first call (an episode without calls costs the verifier nothing). */
class RetryingSession implements EpisodeSession {
  private sessionId: string | undefined;
  private opening: Promise<string> | undefined;
  private readonly done: DoneCall[] = [];
  private sent = 0;
  private closed = false;

  constructor(
    private readonly sandbox: EpisodeSandbox,
    private readonly bundle: EnvironmentBundle,
    private readonly clock: RetryClock,
    private readonly budgetMs: number,
  ) {}

  async call(tool: string, args: Record<string, unknown>, timeMs: number): Promise<SandboxResult> {
    const entry: DoneCall = { index: this.sent++, tool, args, timeMs };
    const deadline = this.clock.now() + this.budgetMs;
    for (let attempt = 1; ; attempt++) {
      let used: string | undefined;
      try {
        used = await this.session(timeMs);
        const result = await this.sandbox.callTool(used, tool, args, timeMs);
        this.done.push(entry);
        return result;
      } catch (error) {
        if (!isSandboxFault(error) || (error instanceof BusError && error.code === 'SANDBOX_FAULT' && !error.retryable)) throw error;
        if (used !== undefined && used === this.sessionId) this.sessionId = undefined;
        const left = deadline - this.clock.now();
        if (left <= 0) throw gaveUp(error, attempt);
        await this.clock.sleep(Math.min(left, FIRST_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS));
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const id = this.sessionId ?? (await this.opening?.catch(() => undefined));
    this.sessionId = undefined;
    if (id !== undefined) await this.sandbox.closeSession(id);
  }

  /** The live session; concurrent calls share one (re)opening. */
  private session(timeMs: number): Promise<string> {
    if (this.sessionId !== undefined) return Promise.resolve(this.sessionId);
    this.opening ??= this.reopen(timeMs).finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** A fresh session with the completed calls replayed in the order they were made. */
  private async reopen(timeMs: number): Promise<string> {
    if (this.closed) throw new BusError('SANDBOX_FAULT', 'the episode session is closed', { retryable: false });
    const id = await this.sandbox.openSession(this.bundle, timeMs);
    try {
      for (const c of [...this.done].sort((a, b) => a.index - b.index)) await this.sandbox.callTool(id, c.tool, c.args, c.timeMs);
    } catch (error) {
      void this.sandbox.closeSession(id);
      throw error;
    }
    this.sessionId = id;
    return id;
  }
}

function gaveUp(error: unknown, attempts: number): BusError {
  const why = error instanceof BusError ? `${error.code}: ${error.message}` : String(error);
  return new BusError('SANDBOX_FAULT', `sandbox fault outlived its retries (${attempts} attempts): ${why}`, {
    retryable: true,
    cause: error,
  });
}

/** Injection token of the EpisodeSandboxPort the runner uses (EpisodeSandbox in the service). */
export const EPISODE_SANDBOX = Symbol.for('astra.rollout-broker.episode-sandbox');
