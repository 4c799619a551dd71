import type { TrainingJobRequest } from '@astra/contracts';

/** What a Kubernetes training job needs besides its request: its data, as files the gateway wrote. */
export interface KubernetesJobInputs {
  /** File name → content, mounted into the pod at /astra/input (SFT export lines, environments, the trainer's config). */
  readonly files: Readonly<Record<string, string>>;
  /** Where the policy's checkpoints go on the cluster's storage (becomes CheckpointRecord.location.uri). */
  readonly outputUri: string;
}

/** What changed in a Kubernetes Job since the last update. */
export interface KubernetesUpdate {
  readonly phase: 'pending' | 'running' | 'succeeded' | 'failed';
  /** New log lines of the job's pod since the last update. */
  readonly logLines: readonly string[];
  /** A step and its metrics when a log line reported one (the trainers' `{"astra_step": ...}` lines). */
  readonly step?: { readonly step: number; readonly metrics: Readonly<Record<string, number>> };
}

/** How a Kubernetes Job ended. */
export type KubernetesOutcome =
  { readonly status: 'succeeded' } | { readonly status: 'failed'; readonly reason: string } | { readonly status: 'cancelled' };

/**
 * Port: runs a training job as a Kubernetes Job on GPU pods (verl for GRPO, TRL for SFT), through the Kubernetes API.
 * Implemented in ../kubernetes; the training use cases call it for jobs whose backend is `kubernetes`.
 */
export abstract class KubernetesBackendPort {
  /** Creates the job's ConfigMap and Job (or finds them when a redelivery already did); returns the Job's name. */
  abstract launch(request: TrainingJobRequest, inputs: KubernetesJobInputs): Promise<{ name: string }>;
  /** Follows the Job until it ends, reporting phase changes and new log lines; stops with `cancelled` when `signal` aborts. */
  abstract follow(name: string, onUpdate: (update: KubernetesUpdate) => Promise<void>, signal: AbortSignal): Promise<KubernetesOutcome>;
  /** Deletes the Job with its pods (foreground propagation) and its ConfigMap; a Job that is gone is not an error. */
  abstract cancel(name: string): Promise<void>;
}
