import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ZodType } from 'zod';
import { TRAINER_GATEWAY_CONFIG, type TrainerGatewayConfig, workerDir } from '../trainer-gateway.config';
import { TrainingWorkerLauncher, type TrainingWorker } from './training-worker.port';
import { type WorkerEvent, type WorkerExit, WorkerExitedError, WorkerLineSchema, WorkerRequestError } from './worker-protocol';

interface Pending {
  readonly op: string;
  readonly resolve: (result: Record<string, unknown>) => void;
  readonly reject: (error: Error) => void;
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** How to start the worker: the interpreter, the package folder, the torch threads. */
export interface WorkerCommand {
  readonly python: string;
  readonly cwd: string;
}

/**
 * The Python training worker as a child process speaking JSON lines (worker/PROTOCOL.md): every stdout line is
 * checked against the protocol, responses settle their request by id, events go to the request's callback, stderr
 * lines go to `onLog`. A worker that ends while a request waits rejects it with the exit code or signal.
 */
export class WorkerProcess implements TrainingWorker {
  readonly exited: Promise<WorkerExit>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exit?: WorkerExit;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly log: Logger,
    onLog: (line: string) => void,
  ) {
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.exit = { code, signal };
        for (const [id, pending] of this.pending) {
          this.pending.delete(id);
          pending.reject(new WorkerExitedError(pending.op, this.exit));
        }
        resolve(this.exit);
      });
    });
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    createInterface({ input: child.stderr }).on('line', (line) => onLog(line));
    // A worker that died leaves a broken pipe; the close handler reports it to the waiting request.
    child.stdin.on('error', () => undefined);
  }

  /** Spawns the worker; rejects when the interpreter cannot be started. */
  static start(command: WorkerCommand, onLog: (line: string) => void, log: Logger): Promise<WorkerProcess> {
    const child = spawn(command.python, ['-u', '-m', 'astra_trainer.worker'], {
      cwd: command.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      child.once('error', (error) => reject(new Error(`cannot start the training worker (${command.python}): ${error.message}`)));
      child.once('spawn', () => resolve(new WorkerProcess(child, log, onLog)));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<T>(op: string, args: Record<string, unknown>, schema: ZodType<T>, onEvent?: (event: WorkerEvent) => void): Promise<T> {
    if (this.exit) return Promise.reject(new WorkerExitedError(op, this.exit));
    const id = this.nextId++;
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      this.pending.set(id, { op, resolve, reject, ...(onEvent ? { onEvent } : {}) });
      this.child.stdin.write(`${JSON.stringify({ ...args, id, op })}\n`);
    }).then((result) => {
      const parsed = schema.safeParse(result);
      if (!parsed.success) throw new WorkerRequestError(op, 'PROTOCOL', `unexpected result ${JSON.stringify(result).slice(0, 300)}`);
      return parsed.data;
    });
  }

  kill(): void {
    if (!this.exit) this.child.kill('SIGKILL');
  }

  async close(graceMs = 10_000): Promise<void> {
    if (this.exit) return;
    this.child.stdin.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private onLine(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      this.log.warn(`the training worker wrote a line that is not JSON: ${line.slice(0, 300)}`);
      return;
    }
    const parsed = WorkerLineSchema.safeParse(json);
    if (!parsed.success || parsed.data.id === null) {
      this.log.warn(`the training worker wrote a line outside the protocol: ${line.slice(0, 300)}`);
      return;
    }
    const message = parsed.data;
    const pending = this.pending.get(message.id as number);
    if (!pending) return;
    if ('event' in message) {
      pending.onEvent?.(message as WorkerEvent);
    } else if (message.ok) {
      this.pending.delete(message.id as number);
      pending.resolve(message.result);
    } else {
      this.pending.delete(message.id as number);
      pending.reject(new WorkerRequestError(pending.op, message.error.code, message.error.message));
    }
  }
}

/** Starts WorkerProcess with the service's settings (TRAINER_PYTHON, TRAINER_WORKER_DIR). */
@Injectable()
export class PythonWorkerLauncher extends TrainingWorkerLauncher {
  private readonly log = new Logger('TrainingWorker');

  constructor(@Inject(TRAINER_GATEWAY_CONFIG) private readonly config: TrainerGatewayConfig) {
    super();
  }

  start(onLog: (line: string) => void): Promise<TrainingWorker> {
    const command = { python: this.config.TRAINER_PYTHON, cwd: workerDir(this.config) };
    return WorkerProcess.start(command, onLog, this.log);
  }
}
