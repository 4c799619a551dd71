import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import { METRICS, type Determinism, type SandboxLanguage, type SandboxResult } from '@astra/contracts';
import { withSpan } from '@astra/platform/telemetry';
import { fitResult } from './result-fit';
import { toResult } from './sandbox-result';
import { SANDBOX_SETTINGS, type ResolvedLimits, type SandboxSettings } from './sandbox-settings';
import type { WorkerTask } from './sandbox-worker';
import { WorkerPool, type SlotRef } from './worker-pool';
import type { CallSettings } from './worker-protocol';

/** A task without the settings the runner derives from limits and determinism. */
export type TaskBody = WorkerTask extends infer T ? (T extends { settings: CallSettings } ? Omit<T, 'settings'> : never) : never;

/** The two warm pools (Python, JavaScript) and the bookkeeping every sandbox call shares. */
@Injectable()
export class SandboxRunner implements OnModuleDestroy {
  private readonly pools: Record<SandboxLanguage, WorkerPool>;
  private readonly duration = metrics.getMeter('verifier').createHistogram(METRICS.sandboxCallDuration, { unit: 'ms' });
  private readonly restarts = metrics.getMeter('verifier').createCounter(METRICS.sandboxWorkerRestarts);

  constructor(@Inject(SANDBOX_SETTINGS) private readonly settings: SandboxSettings) {
    const options = { killGraceMs: settings.killGraceMs, startTimeoutMs: settings.startTimeoutMs, maxQueue: settings.maxQueue };
    const onRestart = (language: SandboxLanguage, reason: string) => this.restarts.add(1, { language, reason });
    this.pools = {
      python: new WorkerPool('python', settings.pythonWorkers, options, onRestart),
      javascript: new WorkerPool('javascript', settings.javascriptWorkers, options, onRestart),
    };
  }

  get defaults(): ResolvedLimits {
    return this.settings.defaults;
  }

  /** Resolves when every worker of both languages is warm. */
  async started(): Promise<void> {
    await Promise.all([this.pools.python.started(), this.pools.javascript.started()]);
  }

  pool(language: SandboxLanguage): WorkerPool {
    return this.pools[language];
  }

  /**
   * Runs a task on a slot (the least loaded one if none is given) and maps the outcome to a result that fits one
   * reply (fitResult: at most maxResultBytes as JSON, so the RPC answer never outgrows the bus's payload limit).
   */
  async run(
    language: SandboxLanguage,
    body: TaskBody,
    limits: ResolvedLimits,
    call: { determinism: Determinism; seedOffset?: number; slot?: number },
  ): Promise<SandboxResult & { ref: SlotRef; lost: boolean }> {
    const pool = this.pools[language];
    const slot = call.slot ?? pool.pick();
    // Output past what a result carries would be cut anyway: stop the code there instead of letting it write on.
    const settings = callSettings(
      { ...limits, outputBytes: Math.min(limits.outputBytes, this.settings.maxResultBytes) },
      call.determinism,
      call.seedOffset ?? 0,
    );
    const task = { ...body, settings } as WorkerTask;
    // One span per sandbox call, so a rollout's trace reaches down to each piece of tool code it ran.
    return withSpan(`sandbox ${language}`, { 'astra.sandbox.language': language, 'astra.sandbox.slot': slot }, async (span) => {
      const started = performance.now();
      const run = await pool.submit(slot, task, limits.timeMs);
      // The call's latency, queue included; the result reports the code's own run time apart from its wait.
      const latencyMs = performance.now() - started;
      const result = fitResult(toResult(run, latencyMs - run.runMs), this.settings.maxResultBytes);
      span.setAttribute('astra.sandbox.status', result.status);
      if (run.dead) span.setAttribute('astra.sandbox.worker_lost', true);
      this.duration.record(latencyMs, { language, status: result.status });
      return { ...result, ref: run.ref, lost: run.dead };
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.pools.python.close(), this.pools.javascript.close()]);
  }
}

function callSettings(limits: ResolvedLimits, determinism: Determinism, seedOffset: number): CallSettings {
  return {
    memoryBytes: limits.memoryMb * 1024 * 1024,
    outputBytes: limits.outputBytes,
    timeMs: limits.timeMs,
    seed: determinism.seed + seedOffset,
    clockMs: determinism.clock === 'fixed' ? Date.parse(determinism.fixedTime) : null,
  };
}
