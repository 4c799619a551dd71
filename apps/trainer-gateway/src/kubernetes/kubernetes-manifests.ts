import { BusError, type TrainingJobRequest } from '@astra/contracts';
import type { V1ConfigMap, V1Job, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { KubernetesConfig } from './kubernetes.config';
import { labelValueFor } from './kubernetes-names';
import { INPUT_DIR, type TrainerPlan } from './trainer-plan';

// The ConfigMap and Job of a training job (pure): what launch() posts to the API server.

/** A ConfigMap holds 1 MiB; keys and metadata need some of it. */
export const MAX_CONFIGMAP_BYTES = 900 * 1024;
/** Label on the Job and its pods naming the training job. */
export const TRAINING_JOB_LABEL = 'astra.dev/training-job';
/** Label on the pods naming their Job (what follow() selects the pods by). */
export const JOB_NAME_LABEL = 'astra.dev/job-name';

type ManifestConfig = Pick<
  KubernetesConfig,
  | 'TRAINER_K8S_NAMESPACE'
  | 'TRAINER_K8S_SFT_IMAGE'
  | 'TRAINER_K8S_GRPO_IMAGE'
  | 'TRAINER_K8S_GPU_COUNT'
  | 'TRAINER_K8S_GPU_RESOURCE'
  | 'TRAINER_K8S_CPU_REQUEST'
  | 'TRAINER_K8S_MEMORY_REQUEST'
  | 'TRAINER_K8S_NODE_SELECTOR'
  | 'TRAINER_K8S_TOLERATIONS'
  | 'TRAINER_K8S_SERVICE_ACCOUNT'
  | 'TRAINER_K8S_OUTPUT_URI_PREFIX'
  | 'TRAINER_K8S_OUTPUT_PVC'
  | 'TRAINER_K8S_BACKOFF_LIMIT'
  | 'TRAINER_K8S_ACTIVE_DEADLINE_S'
>;

/** The job's input files as a ConfigMap; refused above MAX_CONFIGMAP_BYTES or with a key Kubernetes rejects. */
export function buildConfigMap(
  name: string,
  request: TrainingJobRequest,
  files: Readonly<Record<string, string>>,
  config: ManifestConfig,
): V1ConfigMap {
  let bytes = 0;
  for (const [key, content] of Object.entries(files)) {
    if (!/^[-._a-zA-Z0-9]{1,253}$/.test(key))
      throw new BusError('VALIDATION_FAILED', `input file name "${key}" is not a valid ConfigMap key`);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(content);
  }
  if (bytes > MAX_CONFIGMAP_BYTES) {
    throw new BusError(
      'VALIDATION_FAILED',
      `job ${request.jobId}: its input files take ${bytes} bytes, more than the ${MAX_CONFIGMAP_BYTES} a ConfigMap can carry (1 MiB in all): use less data or a data volume`,
    );
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: config.TRAINER_K8S_NAMESPACE, labels: labelsFor(name, request) },
    data: { ...files },
  };
}

/** The batch/v1 Job: one pod, never restarted in place, GPUs and placement from the configuration. */
export function buildJob(name: string, request: TrainingJobRequest, plan: TrainerPlan, outputUri: string, config: ManifestConfig): V1Job {
  const labels = labelsFor(name, request);
  const { mounts, volumes } = volumesFor(name, config);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: config.TRAINER_K8S_NAMESPACE, labels, annotations: { 'astra.dev/job-id': request.jobId } },
    spec: {
      backoffLimit: config.TRAINER_K8S_BACKOFF_LIMIT,
      activeDeadlineSeconds: config.TRAINER_K8S_ACTIVE_DEADLINE_S,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: config.TRAINER_K8S_SERVICE_ACCOUNT,
          nodeSelector: { ...config.TRAINER_K8S_NODE_SELECTOR },
          tolerations: config.TRAINER_K8S_TOLERATIONS.map((t) => ({ ...t })),
          containers: [
            {
              name: 'trainer',
              image: request.kind === 'grpo' ? config.TRAINER_K8S_GRPO_IMAGE : config.TRAINER_K8S_SFT_IMAGE,
              command: [...plan.command],
              env: [
                { name: 'ASTRA_JOB_ID', value: request.jobId },
                { name: 'ASTRA_JOB_KIND', value: request.kind },
                { name: 'ASTRA_OUTPUT_URI', value: outputUri },
                { name: 'ASTRA_SEED', value: String(request.seed) },
                { name: 'PYTHONUNBUFFERED', value: '1' },
              ],
              resources: resourcesFor(config),
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
}

function labelsFor(name: string, request: TrainingJobRequest): Record<string, string> {
  return { [TRAINING_JOB_LABEL]: labelValueFor(request.jobId), [JOB_NAME_LABEL]: name, 'astra.dev/kind': request.kind };
}

function resourcesFor(config: ManifestConfig): { limits: Record<string, string>; requests: Record<string, string> } {
  const gpus = config.TRAINER_K8S_GPU_COUNT > 0 ? { [config.TRAINER_K8S_GPU_RESOURCE]: String(config.TRAINER_K8S_GPU_COUNT) } : {};
  return {
    limits: { ...gpus, memory: config.TRAINER_K8S_MEMORY_REQUEST },
    requests: { ...gpus, cpu: config.TRAINER_K8S_CPU_REQUEST, memory: config.TRAINER_K8S_MEMORY_REQUEST },
  };
}

function volumesFor(name: string, config: ManifestConfig): { mounts: V1VolumeMount[]; volumes: V1Volume[] } {
  const mounts: V1VolumeMount[] = [{ name: 'input', mountPath: INPUT_DIR, readOnly: true }];
  const volumes: V1Volume[] = [{ name: 'input', configMap: { name } }];
  const prefix = config.TRAINER_K8S_OUTPUT_URI_PREFIX;
  if (config.TRAINER_K8S_OUTPUT_PVC !== undefined && prefix.startsWith('/')) {
    mounts.push({ name: 'output', mountPath: prefix });
    volumes.push({ name: 'output', persistentVolumeClaim: { claimName: config.TRAINER_K8S_OUTPUT_PVC } });
  }
  return { mounts, volumes };
}
