import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ZodType } from 'zod';
import { TrainingWorkerLauncher, type TrainingWorker } from '../../src/worker/training-worker.port';
import { type WorkerEvent, type WorkerExit, WorkerExitedError, WorkerRequestError } from '../../src/worker/worker-protocol';

/** What the fake workers do besides following the protocol: die once at a step, or hang at a step until killed. */
export interface FakeWorkerScript {
  dieAtStep?: number;
  hangAtStep?: number;
  /** Dies once during the n-th grpo_step request (counted over all workers, from 1). */
  dieAtGrpoCall?: number;
  /** Answers this op with an error of this code. */
  refuse?: { op: string; code: string };
}

/** Every request a fake worker got, in order. */
export interface FakeCall {
  readonly worker: number;
  readonly op: string;
  readonly args: Record<string, unknown>;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts fake workers that keep a step counter, write small checkpoint files and send the protocol's events. */
export class FakeWorkerLauncher extends TrainingWorkerLauncher {
  readonly workers: FakeWorker[] = [];
  readonly calls: FakeCall[] = [];
  died = false;
  grpoCalls = 0;

  constructor(public script: FakeWorkerScript = {}) {
    super();
  }

  async start(onLog: (line: string) => void): Promise<TrainingWorker> {
    const worker = new FakeWorker(this, this.workers.length, onLog);
    this.workers.push(worker);
    return worker;
  }
}

export class FakeWorker implements TrainingWorker {
  readonly pid: number;
  readonly exited: Promise<WorkerExit>;
  exit?: WorkerExit;
  step = 0;
  hanging = false;
  private resolveExit!: (exit: WorkerExit) => void;

  constructor(
    private readonly launcher: FakeWorkerLauncher,
    readonly index: number,
    private readonly onLog: (line: string) => void,
  ) {
    this.pid = 90_000 + index;
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  async call<T>(op: string, args: Record<string, unknown>, schema: ZodType<T>, onEvent?: (event: WorkerEvent) => void): Promise<T> {
    this.launcher.calls.push({ worker: this.index, op, args });
    if (this.exit) throw new WorkerExitedError(op, this.exit);
    const emit = (event: string, fields: Record<string, unknown>) => onEvent?.({ event, id: 1, ...fields });
    const result = await this.run(op, args, emit);
    if (this.exit) throw new WorkerExitedError(op, this.exit);
    return schema.parse(result);
  }

  kill(): void {
    this.end({ code: null, signal: 'SIGKILL' });
  }

  async close(): Promise<void> {
    this.end({ code: 0, signal: null });
  }

  private end(exit: WorkerExit): void {
    if (this.exit) return;
    this.exit = exit;
    this.resolveExit(exit);
  }

  private async run(
    op: string,
    args: Record<string, unknown>,
    emit: (event: string, fields: Record<string, unknown>) => void,
  ): Promise<unknown> {
    await tick();
    const refuse = this.launcher.script.refuse;
    if (refuse?.op === op) throw new WorkerRequestError(op, refuse.code, `refused ${op}`);
    switch (op) {
      case 'init':
        return this.init(args);
      case 'sft':
        return this.sft(args, emit);
      case 'serve':
        return { url: `http://127.0.0.1:${String(40_000 + this.index)}/v1` };
      case 'set_version':
        return { version: args['version'] };
      case 'grpo_step':
        return this.grpoStep(args);
      case 'save':
        await this.writeCheckpoint(args['path'] as string);
        return { path: args['path'], step: this.step, bytes: 10 };
      default:
        throw new WorkerRequestError(op, 'BAD_REQUEST', `unknown op ${op}`);
    }
  }

  private async init(args: Record<string, unknown>): Promise<unknown> {
    if (typeof args['checkpoint'] === 'string') {
      this.step = (JSON.parse(await readFile(args['checkpoint'], 'utf8')) as { step: number }).step;
    } else if (!Array.isArray(args['tokenizerData']) || args['tokenizerData'].length === 0) {
      throw new WorkerRequestError('init', 'BAD_REQUEST', 'a scratch model needs tokenizerData');
    }
    this.onLog(`initialised at step ${this.step}`);
    return { parameters: 1000, vocabulary: 50, step: this.step, context: 64 };
  }

  private async sft(args: Record<string, unknown>, emit: (event: string, fields: Record<string, unknown>) => void): Promise<unknown> {
    const steps = args['steps'] as number;
    const every = args['checkpointEvery'] as number;
    for (let s = this.step + 1; s <= steps; s++) {
      await tick();
      if (this.exit) return {};
      if (this.launcher.script.dieAtStep === s && !this.launcher.died) {
        this.launcher.died = true;
        this.kill();
        return {};
      }
      if (this.launcher.script.hangAtStep === s) {
        this.hanging = true;
        await this.exited;
        return {};
      }
      this.step = s;
      emit('step', { step: s, loss: 10 / s, learningRate: 0.001, tokensPerSecond: 500 });
      if (s % 2 === 0 && args['validation']) emit('validation', { step: s, validationLoss: 20 / s });
      if (s % every === 0 || s === steps) {
        const path = join(args['checkpointDir'] as string, `step-${s}.pt`);
        await this.writeCheckpoint(path);
        emit('checkpoint', { step: s, path });
      }
    }
    return { step: this.step, loss: 10 / Math.max(1, this.step), validationLoss: null, examples: 3, skipped: 0, tokens: 100 };
  }

  private async grpoStep(args: Record<string, unknown>): Promise<unknown> {
    this.launcher.grpoCalls += 1;
    if (this.launcher.script.dieAtGrpoCall === this.launcher.grpoCalls && !this.launcher.died) {
      this.launcher.died = true;
      this.kill();
      return {};
    }
    const lines = (await readFile(args['batch'] as string, 'utf8')).split('\n').filter((l) => l.length > 0);
    if (lines.length === 0) throw new WorkerRequestError('grpo_step', 'DATA', 'empty batch');
    const groups = new Set(lines.map((l) => (JSON.parse(l) as { group: string }).group));
    this.step += 1;
    return {
      step: this.step,
      loss: 0.25,
      tokens: 40,
      tokensPerSecond: 800,
      groups: groups.size,
      episodes: lines.length,
      skippedGroups: 0,
      clipFraction: 0.1,
      version: args['version'],
    };
  }

  private async writeCheckpoint(path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify({ step: this.step, worker: this.index }));
  }
}
