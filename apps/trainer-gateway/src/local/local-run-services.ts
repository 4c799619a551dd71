import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusError } from '@astra/contracts';
import { type RunControl } from '../training/run-control';
import { TrainingRecords } from '../training/training-records';
import { TRAINER_GATEWAY_CONFIG, type TrainerGatewayConfig } from '../trainer-gateway.config';
import { TrainingWorkerLauncher } from '../worker/training-worker.port';
import { InitResultSchema, type InitResult, ServeResultSchema, WorkerExitedError } from '../worker/worker-protocol';
import { CheckpointStore } from './checkpoint-store';
import { WorkerSession } from './worker-session';

/** How a worker's model starts: from a checkpoint file, or a fresh model whose vocabulary comes from SFT data. */
export type ModelStart =
  { readonly checkpoint: string } | { readonly model: Readonly<Record<string, number>>; readonly tokenizerData: readonly string[] };

/** What the local runs share: workers, records, checkpoints, settings; and the restart rule. */
@Injectable()
export class LocalRunServices {
  private readonly log = new Logger('LocalTraining');

  constructor(
    readonly launcher: TrainingWorkerLauncher,
    readonly records: TrainingRecords,
    readonly checkpoints: CheckpointStore,
    @Inject(TRAINER_GATEWAY_CONFIG) readonly config: TrainerGatewayConfig,
  ) {}

  /** Starts a worker for the run and initialises its model. */
  async openWorker(control: RunControl, seed: number, start: ModelStart): Promise<{ session: WorkerSession; init: InitResult }> {
    const session = await WorkerSession.open({ launcher: this.launcher, records: this.records }, control);
    try {
      const init = await session.call('init', { seed, threads: this.config.TRAINER_WORKER_THREADS, ...start }, InitResultSchema);
      return { session, init };
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  /** Serves the worker's model as the policy `version` on TRAINER_POLICY_HOST; the job records the URL while it runs. */
  async servePolicy(session: WorkerSession, jobId: string, version: string): Promise<string> {
    const args = { host: this.config.TRAINER_POLICY_HOST, port: 0, model: jobId, version };
    const served = await session.call('serve', args, ServeResultSchema);
    await this.records.update(jobId, { policyUrl: served.url });
    return served.url;
  }

  /**
   * Runs `attempt` and, when its worker dies by itself, runs it again (it resumes from the job's newest checkpoint),
   * counting restarts on the job, up to TRAINER_MAX_WORKER_RESTARTS; then the job fails naming the last exit.
   */
  async withRestarts<T>(control: RunControl, attempt: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof WorkerExitedError) || control.reason) throw error;
        const row = await this.records.row(control.jobId);
        if (row.workerRestarts >= this.config.TRAINER_MAX_WORKER_RESTARTS) {
          throw new BusError('INTERNAL', `${error.message}; no restart left (${row.workerRestarts} restarts)`, { retryable: false });
        }
        await this.records.update(control.jobId, { workerRestarts: row.workerRestarts + 1, workerPid: null });
        this.log.warn(`${error.message}: restarting job ${control.jobId} from its newest checkpoint`);
      }
    }
  }
}
