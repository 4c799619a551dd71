import { booleanFlag } from '@astra/platform/config';
import { z } from 'zod';

// The Kubernetes backend's variables: a fragment the service's config schema spreads (`...kubernetesEnv`).

/** A JSON value given in one variable (node selector, tolerations), validated by `schema`. */
const jsonVariable = <T extends z.ZodType>(schema: T, example: string) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be JSON, like ${example}` });
        return z.NEVER;
      }
    })
    .pipe(schema);

const TolerationSchema = z.object({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
});
export type KubernetesToleration = z.infer<typeof TolerationSchema>;

/** A Kubernetes quantity (`8`, `500m`, `64Gi`). */
const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/, 'must be a Kubernetes quantity like 8, 500m or 64Gi');

export const kubernetesEnv = {
  /** Namespace of the training Jobs and their ConfigMaps. */
  TRAINER_K8S_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label')
    .default('astra-training'),
  /** Path of a kubeconfig file; unset: the in-cluster service account (token and CA under /var/run/secrets). */
  TRAINER_K8S_KUBECONFIG: z.string().min(1).optional(),
  /** Overrides the API server's URL (a test double, `kubectl proxy`); an http:// URL is used without TLS. */
  TRAINER_K8S_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Bearer token sent with TRAINER_K8S_API_URL when no kubeconfig is given (never logged). */
  TRAINER_K8S_TOKEN: z.string().min(1).optional(),
  /** Container image of SFT jobs: Python with `trl`, `transformers`, `datasets` and PyYAML. */
  TRAINER_K8S_SFT_IMAGE: z.string().min(1).default('huggingface/trl:latest'),
  /** Container image of GRPO jobs: verl with sglang, pandas and pyarrow. */
  TRAINER_K8S_GRPO_IMAGE: z.string().min(1).default('verlai/verl:latest'),
  /** GPUs per training pod (limits and requests; verl's trainer.n_gpus_per_node). */
  TRAINER_K8S_GPU_COUNT: z.coerce.number().int().min(0).max(64).default(1),
  /** The extended resource that counts GPUs on the cluster's nodes. */
  TRAINER_K8S_GPU_RESOURCE: z.string().min(1).default('nvidia.com/gpu'),
  /** CPU request of a training pod. */
  TRAINER_K8S_CPU_REQUEST: quantity.default('8'),
  /** Memory request (and limit) of a training pod. */
  TRAINER_K8S_MEMORY_REQUEST: quantity.default('64Gi'),
  /** Node selector as a JSON object, like {"nvidia.com/gpu.product":"NVIDIA-H100-80GB-HBM3"}. */
  TRAINER_K8S_NODE_SELECTOR: jsonVariable(z.record(z.string(), z.string()), '{"gpu":"h100"}').default({}),
  /** Tolerations as a JSON array, like [{"key":"nvidia.com/gpu","operator":"Exists","effect":"NoSchedule"}]. */
  TRAINER_K8S_TOLERATIONS: jsonVariable(z.array(TolerationSchema), '[{"key":"gpu","operator":"Exists"}]').default([]),
  /** Service account of the training pods (its credentials reach the output storage); unset: the namespace's default. */
  TRAINER_K8S_SERVICE_ACCOUNT: z.string().min(1).optional(),
  /** Where checkpoints go: `s3://bucket/prefix` (uploaded with the AWS CLI after training) or an absolute path on a PVC. */
  TRAINER_K8S_OUTPUT_URI_PREFIX: z.string().min(1).default('/astra/output'),
  /** PersistentVolumeClaim mounted at TRAINER_K8S_OUTPUT_URI_PREFIX when that is a path; unset: no volume is mounted. */
  TRAINER_K8S_OUTPUT_PVC: z.string().min(1).optional(),
  /** The verifier's SandboxFusion-compatible POST /run_code URL, as pods reach it (verl's code tool). */
  TRAINER_K8S_SANDBOX_URL: z.url().default('http://verifier:3004/run_code'),
  /** Pod retries before the Job fails (the Job's backoffLimit). */
  TRAINER_K8S_BACKOFF_LIMIT: z.coerce.number().int().min(0).max(100).default(0),
  /** Seconds a Job may run before Kubernetes stops it (activeDeadlineSeconds). */
  TRAINER_K8S_ACTIVE_DEADLINE_S: z.coerce.number().int().min(60).default(86_400),
  /** Seconds a pod may stay unschedulable or unable to pull its image before the job fails with that reason (0: at once). */
  TRAINER_K8S_START_DEADLINE_S: z.coerce.number().int().min(0).default(900),
  /** Milliseconds between two polls of the Job, its pod and the pod's log. */
  TRAINER_K8S_POLL_MS: z.coerce.number().int().min(10).default(10_000),
  /** Skip TLS verification of the API server (never in production; self-signed test clusters). */
  TRAINER_K8S_INSECURE_TLS: booleanFlag.default(false),
};

/** The fragment alone as a schema (tests; the service parses it inside its own). */
export const KubernetesConfigSchema = z.object(kubernetesEnv);
/** The Kubernetes backend's part of the service's parsed config. */
export type KubernetesConfig = z.infer<typeof KubernetesConfigSchema>;

/** Injection token of the KubernetesConfig (the service config, or the fragment alone in tests). */
export const KUBERNETES_CONFIG = Symbol.for('astra.trainer-gateway.kubernetes-config');
