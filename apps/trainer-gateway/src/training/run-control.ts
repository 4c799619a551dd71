import { Inject, Injectable } from '@nestjs/common';
import { BusError } from '@astra/contracts';
import { TrainingJobRepository } from '@astra/persistence/trainer-gateway';
import { WorkCancellation } from '@astra/platform/jobs';
import { TRAINER_GATEWAY_CONFIG, type TrainerGatewayConfig } from '../trainer-gateway.config';

/** Why a run must stop: its job was cancelled, or the service is shutting down (the job is left for redelivery). */
export type StopReason = 'cancelled' | 'shutdown';

/**
 * One run's stop signal: polls the job's cancel flag and the service's shutdown every TRAINER_CANCEL_POLL_MS while
 * the run waits on its worker, pods or rollouts, and tells listeners (which kill the worker) at once.
 */
export class RunControl {
  private stopReason?: StopReason;
  private readonly listeners = new Set<(reason: StopReason) => void>();
  private timer?: NodeJS.Timeout;

  constructor(
    readonly jobId: string,
    private readonly jobs: TrainingJobRepository,
    private readonly cancellation: WorkCancellation,
    private readonly pollMs: number,
  ) {}

  get reason(): StopReason | undefined {
    return this.stopReason;
  }

  start(): void {
    this.timer = setInterval(() => void this.poll().catch(() => undefined), this.pollMs);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.listeners.clear();
  }

  /** Calls `listener` once the run must stop (at once when it must already); returns the unsubscribe. */
  onStop(listener: (reason: StopReason) => void): () => void {
    if (this.stopReason) listener(this.stopReason);
    else this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the flags now; a stop found tells the listeners. */
  async poll(): Promise<StopReason | undefined> {
    if (this.stopReason) return this.stopReason;
    if (this.cancellation.aborted) this.stop('shutdown');
    else if (await this.jobs.isCancelRequested(this.jobId)) this.stop('cancelled');
    return this.stopReason;
  }

  /** Call between two units of work: throws the stop error once the run must stop. */
  async check(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const reason = await this.poll();
    if (reason) throw this.stopError(reason);
  }

  /** CANCELLED (final) for a cancelled job; UNAVAILABLE (retryable: the job is redelivered) on shutdown. */
  stopError(reason: StopReason = this.stopReason ?? 'shutdown'): BusError {
    return reason === 'cancelled'
      ? new BusError('CANCELLED', `training job ${this.jobId} was cancelled`)
      : new BusError(
          'UNAVAILABLE',
          `the service is shutting down; training job ${this.jobId} stopped and will resume from its last checkpoint`,
        );
  }

  private stop(reason: StopReason): void {
    this.stopReason = reason;
    for (const listener of this.listeners) listener(reason);
    this.listeners.clear();
  }
}

/** Makes RunControls and finds the one of a job running here, so a cancel handled here stops it without waiting for a poll. */
@Injectable()
export class RunControls {
  private readonly active = new Map<string, RunControl>();

  constructor(
    private readonly jobs: TrainingJobRepository,
    private readonly cancellation: WorkCancellation,
    @Inject(TRAINER_GATEWAY_CONFIG) private readonly config: TrainerGatewayConfig,
  ) {}

  /** A started control for a run of `jobId`; release it when the run ends. */
  open(jobId: string): RunControl {
    const control = new RunControl(jobId, this.jobs, this.cancellation, this.config.TRAINER_CANCEL_POLL_MS);
    control.start();
    this.active.set(jobId, control);
    return control;
  }

  release(control: RunControl): void {
    control.dispose();
    if (this.active.get(control.jobId) === control) this.active.delete(control.jobId);
  }

  /** Makes the run of `jobId` on this instance (if any) read its flags now. */
  async wake(jobId: string): Promise<void> {
    await this.active.get(jobId)?.poll();
  }
}
