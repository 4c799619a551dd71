import { Logger } from '@nestjs/common';
import type { ZodType } from 'zod';
import { workerDir } from '../../src/trainer-gateway.config';
import { TrainingWorkerLauncher, type TrainingWorker } from '../../src/worker/training-worker.port';
import { WorkerProcess } from '../../src/worker/worker-process';
import type { WorkerEvent, WorkerExit } from '../../src/worker/worker-protocol';

/** What one real worker was asked and what it sent back. */
export interface WorkerRecording {
  readonly pid: number | undefined;
  readonly calls: Array<{ op: string; args: Record<string, unknown>; events: WorkerEvent[] }>;
}

/** The real Python worker, with every request and event kept per worker for assertions. */
export class RecordingLauncher extends TrainingWorkerLauncher {
  readonly workers: WorkerRecording[] = [];

  async start(onLog: (line: string) => void): Promise<TrainingWorker> {
    const worker = await WorkerProcess.start({ python: '/usr/bin/python3', cwd: workerDir({}) }, onLog, new Logger('TrainingWorker'));
    const recording: WorkerRecording = { pid: worker.pid, calls: [] };
    this.workers.push(recording);
    return {
      pid: worker.pid,
      exited: worker.exited as Promise<WorkerExit>,
      kill: () => worker.kill(),
      close: (graceMs?: number) => worker.close(graceMs),
      call: <T>(op: string, args: Record<string, unknown>, schema: ZodType<T>, onEvent?: (event: WorkerEvent) => void) => {
        const call = { op, args, events: [] as WorkerEvent[] };
        recording.calls.push(call);
        return worker.call(op, args, schema, (event) => {
          call.events.push(event);
          onEvent?.(event);
        });
      },
    };
  }
}
