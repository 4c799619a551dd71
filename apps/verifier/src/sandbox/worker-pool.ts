import { BusError, type SandboxLanguage } from '@astra/contracts';
import { SandboxWorker, type SandboxWorkerOptions, type WorkerRun, type WorkerTask } from './sandbox-worker';

/** Where a session lives: a slot, and the generation of the worker in it when the session was opened. */
export interface SlotRef {
  readonly slot: number;
  readonly generation: number;
}

interface Job {
  task: WorkerTask;
  timeMs: number;
  resolve: (run: WorkerRun & { ref: SlotRef }) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: SandboxWorker;
  generation: number;
  queue: Job[];
  running: boolean;
}

export type RestartListener = (language: SandboxLanguage, reason: string) => void;

/**
 * Warm workers of one language. Each slot runs one job at a time from its own queue, so a session pinned to a slot
 * sees its calls in order. A worker that dies, times out past its grace or reports a poisoned runtime is replaced
 * in its slot (the generation increases) without failing the jobs queued behind it.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(
    readonly language: SandboxLanguage,
    size: number,
    private readonly options: SandboxWorkerOptions & { maxQueue: number },
    private readonly onRestart: RestartListener = () => undefined,
  ) {
    for (let i = 0; i < size; i++) this.slots.push({ worker: this.spawn(), generation: 0, queue: [], running: false });
  }

  /** Resolves when every worker is warm. */
  async started(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.started()));
  }

  get size(): number {
    return this.slots.length;
  }

  /** The least loaded slot, for work that may run anywhere. */
  pick(): number {
    let best = 0;
    for (let i = 1; i < this.slots.length; i++) {
      if (this.load(i) < this.load(best)) best = i;
    }
    return best;
  }

  /** Current generation of a slot: a session whose generation differs has lost its state. */
  generation(slot: number): number {
    return this.at(slot).generation;
  }

  /** Queues a task on a slot and resolves with its run (SANDBOX_FAULT if the worker failed). */
  submit(slot: number, task: WorkerTask, timeMs: number): Promise<WorkerRun & { ref: SlotRef }> {
    if (this.closed) return Promise.reject(new BusError('SANDBOX_FAULT', 'sandbox pool is shut down'));
    const target = this.at(slot);
    if (target.queue.length >= this.options.maxQueue) {
      return Promise.reject(new BusError('UNAVAILABLE', `${this.language} sandbox queue is full`));
    }
    return new Promise((resolve, reject) => {
      target.queue.push({ task, timeMs, resolve, reject });
      void this.drain(slot);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private async drain(index: number): Promise<void> {
    const slot = this.at(index);
    if (slot.running) return;
    slot.running = true;
    while (slot.queue.length > 0 && !this.closed) {
      const job = slot.queue.shift() as Job;
      const ref = { slot: index, generation: slot.generation };
      try {
        const run = await slot.worker.run(job.task, job.timeMs);
        if (run.dead || run.outcome.poisoned) this.replace(slot, run.timedOut ? 'timeout' : run.outcome.status);
        job.resolve({ ...run, ref });
      } catch (error) {
        if (!slot.worker.alive) this.replace(slot, 'crash');
        job.reject(error);
      }
    }
    slot.running = false;
  }

  private replace(slot: Slot, reason: string): void {
    void slot.worker.terminate();
    slot.worker = this.spawn();
    slot.generation += 1;
    this.onRestart(this.language, reason);
  }

  private spawn(): SandboxWorker {
    const worker = new SandboxWorker(this.language, this.options);
    worker.started().catch(() => undefined); // a failed start surfaces as SANDBOX_FAULT on the next run
    return worker;
  }

  private load(index: number): number {
    const slot = this.at(index);
    return slot.queue.length + (slot.running ? 1 : 0);
  }

  private at(index: number): Slot {
    const slot = this.slots[index];
    if (!slot) throw new BusError('SANDBOX_FAULT', `no sandbox slot ${index}`);
    return slot;
  }
}
