import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { BusError, type SandboxLanguage } from '@astra/contracts';
import type { WorkerBoot, WorkerOutcome, WorkerReply, WorkerRequest } from './worker-protocol';

/** A request without its id; the handle numbers requests itself. */
export type WorkerTask = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export interface WorkerRun {
  outcome: WorkerOutcome;
  /** The host's wall-time limit fired (the worker was interrupted or terminated). */
  timedOut: boolean;
  /** The thread is gone (terminated or crashed): sessions on it are lost. */
  dead: boolean;
  /** Milliseconds from handing the code to the thread to its answer: the code's own run, never time spent queued. */
  runMs: number;
}

export interface SandboxWorkerOptions {
  /** Extra time after the limit before a worker that ignores its interrupt is terminated. */
  killGraceMs: number;
  startTimeoutMs: number;
}

const WORKER_FILES: Record<SandboxLanguage, string> = { python: 'python.worker', javascript: 'javascript.worker' };

/** One worker thread running one language; one request at a time (the pool queues). */
export class SandboxWorker {
  private readonly interrupt = new SharedArrayBuffer(1);
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private pending: { id: number; settle: (reply: WorkerOutcome | Error) => void } | null = null;
  private nextId = 1;
  private exited = false;

  constructor(
    readonly language: SandboxLanguage,
    private readonly options: SandboxWorkerOptions,
  ) {
    // Under ts (tests, the bench) the worker is TypeScript compiled on load; a build runs the emitted .js.
    const typescript = __filename.endsWith('.ts');
    const file = join(__dirname, WORKER_FILES[language] + (typescript ? '.ts' : '.js'));
    const boot: WorkerBoot = { interrupt: this.interrupt, heapHeadroomBytes: 0 };
    this.worker = new Worker(file, {
      workerData: boot,
      env: {}, // the guest must not see the host's environment even if it escaped its runtime
      execArgv: typescript ? ['-r', '@swc-node/register'] : [],
      stdout: true,
      stderr: true,
    });
    this.worker.unref();
    this.worker.stdout.resume(); // runtimes write nothing here; drain in case a library logs
    this.worker.stderr.resume();
    this.ready = this.waitReady();
    this.worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    this.worker.on('exit', () => this.onExit('sandbox worker exited'));
    this.worker.on('error', (error) => this.onExit(`sandbox worker failed: ${error.message}`));
  }

  /** Resolves once the runtime is loaded; rejects with SANDBOX_FAULT if it cannot start. */
  started(): Promise<void> {
    return this.ready;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Runs one request with a wall-time limit; rejects with SANDBOX_FAULT only when the worker itself failed. */
  async run(task: WorkerTask, timeMs: number): Promise<WorkerRun> {
    await this.ready;
    if (this.exited || this.pending) throw new BusError('SANDBOX_FAULT', 'sandbox worker is not available');
    const id = this.nextId++;
    let timedOut = false;
    let killed = false;
    const reply = new Promise<WorkerOutcome | Error>((settle) => (this.pending = { id, settle }));
    const interruptTimer = setTimeout(() => {
      timedOut = true;
      Atomics.store(new Uint8Array(this.interrupt), 0, 2); // KeyboardInterrupt in Python; QuickJS stops itself
    }, timeMs);
    const killTimer = setTimeout(() => {
      timedOut = killed = true;
      void this.terminate();
    }, timeMs + this.options.killGraceMs);
    const started = performance.now();
    this.worker.postMessage({ ...task, id });
    const settled = await reply;
    const runMs = performance.now() - started;
    clearTimeout(interruptTimer);
    clearTimeout(killTimer);
    if (settled instanceof Error) {
      if (killed) return { outcome: { status: 'error', stdout: '', stderr: '' }, timedOut: true, dead: true, runMs };
      throw new BusError('SANDBOX_FAULT', settled.message, { cause: settled });
    }
    return { outcome: settled, timedOut, dead: this.exited, runMs };
  }

  async terminate(): Promise<void> {
    this.exited = true;
    await this.worker.terminate();
  }

  private waitReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        void this.terminate();
        reject(new BusError('SANDBOX_FAULT', `${this.language} sandbox did not start in ${this.options.startTimeoutMs} ms`));
      }, this.options.startTimeoutMs);
      const onMessage = (reply: WorkerReply) => {
        if (reply.type === 'result') return;
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        if (reply.type === 'ready') resolve();
        else reject(new BusError('SANDBOX_FAULT', `${this.language} sandbox failed to start: ${reply.message}`));
      };
      this.worker.on('message', onMessage);
      this.worker.once('exit', () => reject(new BusError('SANDBOX_FAULT', `${this.language} sandbox exited while starting`)));
    });
  }

  private onReply(reply: WorkerReply): void {
    if (reply.type !== 'result' || !this.pending || this.pending.id !== reply.id) return;
    const { settle } = this.pending;
    this.pending = null;
    settle(reply.outcome);
  }

  private onExit(message: string): void {
    this.exited = true;
    const pending = this.pending;
    this.pending = null;
    pending?.settle(new Error(message));
  }
}
