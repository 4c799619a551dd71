import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BusError, type Determinism, type EnvironmentBundle, type SandboxLimits, type SandboxResult } from '@astra/contracts';
import { sameOutcome } from '../sandbox/sandbox-result';
import { SandboxRunner } from '../sandbox/sandbox-runner';
import { resolveDeterminism, resolveLimits, type ResolvedLimits } from '../sandbox/sandbox-settings';
import { BundleCache } from './bundle-cache';

interface LoggedCall {
  index: number;
  tool: string;
  argsJson: string;
}

interface Session {
  id: string;
  hash: string;
  bundle: EnvironmentBundle;
  slot: number;
  generation: number;
  limits: ResolvedLimits;
  determinism: Determinism;
  /** Calls that completed (ok or error), replayed in order if the session's worker is replaced. */
  log: LoggedCall[];
  calls: number;
}

type Result = SandboxResult;

/**
 * Environment sessions: one bundle loaded into a namespace (Python) or context (QuickJS) of its own on one worker.
 * Call k of a session runs with seed + k and the session's clock, so a session's history is reproducible: when a
 * worker is replaced (a call ran past its limit and was terminated) the session is rebuilt by replaying its log.
 */
@Injectable()
export class EnvironmentSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly runner: SandboxRunner,
    private readonly bundles: BundleCache,
  ) {}

  async open(input: { bundle?: EnvironmentBundle; bundleHash?: string; limits?: SandboxLimits }) {
    const bundle = input.bundle ?? (input.bundleHash ? this.bundles.get(input.bundleHash) : undefined);
    if (!bundle) throw new BusError('NOT_FOUND', `bundle ${input.bundleHash ?? ''} is not cached; send the bundle itself`);
    const { hash } = this.bundles.put(bundle);
    const pool = this.runner.pool(bundle.language);
    const slot = pool.pick();
    const session: Session = {
      id: randomUUID(),
      hash,
      bundle,
      slot,
      generation: pool.generation(slot),
      limits: resolveLimits(this.runner.defaults, input.limits),
      determinism: resolveDeterminism(bundle.determinism),
      log: [],
      calls: 0,
    };
    const setup = await this.load(session, session.id, slot);
    if (setup.status === 'ok') this.sessions.set(session.id, session);
    return { sessionId: session.id, bundleHash: hash, tools: bundle.tools.map((t) => t.name), setup };
  }

  async call(input: {
    sessionId: string;
    tool: string;
    arguments: Record<string, unknown>;
    limits?: SandboxLimits;
    checkDeterminism?: boolean;
  }): Promise<Result> {
    const session = this.sessions.get(input.sessionId);
    if (!session) throw new BusError('NOT_FOUND', `no open session ${input.sessionId}`);
    await this.ensureLive(session);
    const entry = { index: ++session.calls, tool: input.tool, argsJson: JSON.stringify(input.arguments) };
    const limits = resolveLimits(session.limits, input.limits);
    const result = await this.callOn(session, session.id, session.slot, entry, limits);
    if (result.status === 'ok' || result.status === 'error') session.log.push(entry);
    if (!input.checkDeterminism) return result;
    return { ...result, deterministic: await this.recheck(session, entry, limits, result) };
  }

  async close(sessionId: string): Promise<{ closed: boolean }> {
    const session = this.sessions.get(sessionId);
    if (!session) return { closed: false };
    this.sessions.delete(sessionId);
    await this.closeOn(session, sessionId, session.slot);
    return { closed: true };
  }

  /** Open sessions, for tests and health reporting. */
  get size(): number {
    return this.sessions.size;
  }

  private async load(session: Session, id: string, slot: number): Promise<Result> {
    const { setup, tools, language } = session.bundle;
    const body = {
      type: 'open' as const,
      sessionId: id,
      hash: session.hash,
      setup: setup ?? '',
      tools: tools.map(({ name, code }) => ({ name, code })),
    };
    const {
      ref,
      lost: _lost,
      ...result
    } = await this.runner.run(language, body, session.limits, { determinism: session.determinism, slot });
    if (id === session.id) session.generation = ref.generation;
    return result;
  }

  private async callOn(session: Session, id: string, slot: number, entry: LoggedCall, limits: ResolvedLimits): Promise<Result> {
    const body = { type: 'call' as const, sessionId: id, tool: entry.tool, argsJson: entry.argsJson };
    const run = await this.runner.run(session.bundle.language, body, limits, {
      determinism: session.determinism,
      seedOffset: entry.index,
      slot,
    });
    const { ref: _ref, lost: _lost, ...result } = run;
    return result;
  }

  private async closeOn(session: Session, id: string, slot: number): Promise<void> {
    const limits = { ...session.limits, timeMs: Math.max(session.limits.timeMs, 1000) };
    await this.runner.run(session.bundle.language, { type: 'close', sessionId: id }, limits, { determinism: session.determinism, slot });
  }

  /** Rebuilds a session whose worker was replaced, by loading the bundle again and replaying its completed calls. */
  private async ensureLive(session: Session): Promise<void> {
    if (this.runner.pool(session.bundle.language).generation(session.slot) === session.generation) return;
    await this.rebuild(session, session.id, session.slot);
  }

  private async rebuild(session: Session, id: string, slot: number): Promise<void> {
    const setup = await this.load(session, id, slot);
    if (setup.status !== 'ok') throw new BusError('SANDBOX_FAULT', `session ${session.id} could not be rebuilt: ${setup.status}`);
    for (const entry of session.log) await this.callOn(session, id, slot, entry, session.limits);
  }

  /** Runs the same call on a scratch copy of the session (same bundle, same history) and compares. */
  private async recheck(session: Session, entry: LoggedCall, limits: ResolvedLimits, first: Result): Promise<boolean> {
    const scratchId = `${session.id}:check:${entry.index}`;
    const slot = this.runner.pool(session.bundle.language).pick();
    try {
      await this.rebuild({ ...session, log: session.log.filter((e) => e.index < entry.index) }, scratchId, slot);
      const second = await this.callOn(session, scratchId, slot, entry, limits);
      return sameOutcome(first, second);
    } finally {
      await this.closeOn(session, scratchId, slot);
    }
  }
}
