import { resolve } from 'node:path';
import { loadConfig, platformEnv, portSchema } from '@astra/platform/config';
import { z } from 'zod';
import { kubernetesEnv } from './kubernetes/kubernetes.config';

export const TrainerGatewayConfigSchema = z.object({
  ...platformEnv,
  PORT: portSchema.default(3006),
  // The Kubernetes backend's variables (TRAINER_K8S_*), documented in kubernetes/kubernetes.config.ts.
  ...kubernetesEnv,
  /** The Python that runs the local training worker (needs PyTorch). */
  TRAINER_PYTHON: z.string().min(1).default('/usr/bin/python3'),
  /** The worker's package folder (holds astra_trainer/); by default apps/trainer-gateway/worker of this checkout. */
  TRAINER_WORKER_DIR: z.string().min(1).optional(),
  /** Local jobs (worker processes) running at once on one gateway; more wait queued, holding their message. */
  TRAINER_MAX_LOCAL_JOBS: z.coerce.number().int().min(1).max(64).default(1),
  /** Torch threads of one worker process (one is faster while the broker and the verifier share two cores: measured 1.5 to 4 times). */
  TRAINER_WORKER_THREADS: z.coerce.number().int().min(1).max(256).default(1),
  /** Address the worker's policy server binds to (grpo, eval); the rollout broker must allow it (ROLLOUT_POLICY_HOSTS). */
  TRAINER_POLICY_HOST: z.string().min(1).default('127.0.0.1'),
  /** Times a job's worker may die and be restarted from the job's newest checkpoint before the job fails. */
  TRAINER_MAX_WORKER_RESTARTS: z.coerce.number().int().min(0).max(100).default(3),
  /** How long one rollout batch (a grpo step, an evaluation) may take before the job fails with TIMEOUT. */
  TRAINER_ROLLOUT_TIMEOUT_MS: z.coerce.number().int().min(1000).max(86_400_000).default(1_800_000),
  /** How often a running job checks whether it was cancelled while its worker is busy. */
  TRAINER_CANCEL_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Worker or pod log lines kept per job (job.show's logTail). */
  TRAINER_LOG_TAIL_LINES: z.coerce.number().int().min(1).max(10_000).default(50),
});

export type TrainerGatewayConfig = ReturnType<typeof loadTrainerGatewayConfig>;

/** Parsed once at boot from the environment; frozen. */
export function loadTrainerGatewayConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(TrainerGatewayConfigSchema, env);
}

/** Injection token of the TrainerGatewayConfig. */
export const TRAINER_GATEWAY_CONFIG = Symbol.for('astra.trainer-gateway.config');

/** Where a job's files go: <ASTRA_DATA_DIR>/trainer-gateway. */
export function trainerDataDir(config: Pick<TrainerGatewayConfig, 'ASTRA_DATA_DIR'>): string {
  return resolve(config.ASTRA_DATA_DIR, 'trainer-gateway');
}

/** The worker's folder: TRAINER_WORKER_DIR, else apps/trainer-gateway/worker next to this file's src/ folder. */
export function workerDir(config: Pick<TrainerGatewayConfig, 'TRAINER_WORKER_DIR'>): string {
  // Both from source (src/) and from a build that keeps the layout (dist/apps/trainer-gateway/src) the folder is ../worker.
  return resolve(config.TRAINER_WORKER_DIR ?? resolve(__dirname, '..', 'worker'));
}
