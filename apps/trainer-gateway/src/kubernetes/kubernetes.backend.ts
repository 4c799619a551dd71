import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusError, type TrainingJobRequest } from '@astra/contracts';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import {
  type KubernetesJobInputs,
  type KubernetesOutcome,
  type KubernetesUpdate,
  KubernetesBackendPort,
} from '../backends/kubernetes-backend.port';
import { KUBERNETES_CONFIG, type KubernetesConfig } from './kubernetes.config';
import { KUBERNETES_APIS, type KubernetesApis } from './kubernetes-client';
import { type KubernetesAction, statusOf, toKubernetesError } from './kubernetes-errors';
import { buildConfigMap, buildJob, JOB_NAME_LABEL } from './kubernetes-manifests';
import { kubernetesNameFor } from './kubernetes-names';
import { jobEnd, jobPhase, type JobPhase, stuckReason, updatesFrom } from './kubernetes-status';
import { PodLogReader } from './pod-log-reader';
import { buildTrainerPlan, TRAIN_DATA_FILE } from './trainer-plan';

/** Polls in a row that may fail with a retryable error before follow() gives up (the caller retries the job). */
const MAX_FAILED_POLLS = 5;

/** The output URI of a job under TRAINER_K8S_OUTPUT_URI_PREFIX (what the caller passes as inputs.outputUri). */
export function outputUriFor(config: Pick<KubernetesConfig, 'TRAINER_K8S_OUTPUT_URI_PREFIX'>, jobId: string): string {
  return `${config.TRAINER_K8S_OUTPUT_URI_PREFIX.replace(/\/+$/, '')}/${kubernetesNameFor(jobId)}`;
}

/** Runs training jobs as Kubernetes Jobs (TRL for SFT, verl for GRPO) through the API server. */
@Injectable()
export class KubernetesBackend extends KubernetesBackendPort {
  private readonly logger = new Logger(KubernetesBackend.name);
  private readonly namespace: string;

  constructor(
    @Inject(KUBERNETES_CONFIG) private readonly config: KubernetesConfig,
    @Inject(KUBERNETES_APIS) private readonly apis: KubernetesApis,
  ) {
    super();
    this.namespace = config.TRAINER_K8S_NAMESPACE;
  }

  async launch(request: TrainingJobRequest, inputs: KubernetesJobInputs): Promise<{ name: string }> {
    const name = kubernetesNameFor(request.jobId);
    const plan = buildTrainerPlan(request, {
      outputUri: inputs.outputUri,
      gpus: this.config.TRAINER_K8S_GPU_COUNT,
      sandboxUrl: this.config.TRAINER_K8S_SANDBOX_URL,
    });
    if (inputs.files[TRAIN_DATA_FILE] === undefined) {
      throw new BusError('VALIDATION_FAILED', `job ${request.jobId}: the inputs lack ${TRAIN_DATA_FILE}, the trainer's data`);
    }
    const clash = Object.keys(plan.files).find((file) => inputs.files[file] !== undefined);
    if (clash !== undefined) throw new BusError('VALIDATION_FAILED', `job ${request.jobId}: input file ${clash} is the backend's own`);
    const configMap = buildConfigMap(name, request, { ...inputs.files, ...plan.files }, this.config);
    await this.createOrFind('configmaps', () => this.apis.core.createNamespacedConfigMap({ namespace: this.namespace, body: configMap }));
    const job = buildJob(name, request, plan, inputs.outputUri, this.config);
    const created = await this.createOrFind('jobs', () => this.apis.batch.createNamespacedJob({ namespace: this.namespace, body: job }));
    if (!created) await this.checkExistingJob(name, request.jobId);
    this.logger.log(`job ${request.jobId}: Kubernetes Job ${this.namespace}/${name} ${created ? 'created' : 'found (redelivery)'}`);
    return { name };
  }

  async follow(name: string, onUpdate: (update: KubernetesUpdate) => Promise<void>, signal: AbortSignal): Promise<KubernetesOutcome> {
    const logs = new PodLogReader(this.apis, this.namespace);
    let last: JobPhase | undefined;
    let failedPolls = 0;
    let stuckSince: number | undefined;
    while (!signal.aborted) {
      try {
        const job = await this.readJob(name);
        if (job === undefined) return { status: 'failed', reason: `the Kubernetes Job ${this.namespace}/${name} was deleted` };
        const pods = await this.listPods(name);
        const phase = jobPhase(job, pods);
        const updates = updatesFrom(phase, await logs.read(pods));
        if (updates.length === 0 && phase !== last) updates.push({ phase, logLines: [] });
        for (const update of updates) await onUpdate(update);
        last = phase;
        failedPolls = 0;
        const end = jobEnd(job);
        if (end !== undefined) return end;
        const stuck = stuckReason(pods);
        stuckSince = stuck === undefined ? undefined : (stuckSince ?? Date.now());
        if (stuck !== undefined && Date.now() - (stuckSince ?? 0) >= this.config.TRAINER_K8S_START_DEADLINE_S * 1000) {
          await this.cancel(name);
          return { status: 'failed', reason: `the pod could not start within ${this.config.TRAINER_K8S_START_DEADLINE_S} s: ${stuck}` };
        }
      } catch (error) {
        const failure = BusError.from(error);
        if (!failure.retryable || ++failedPolls >= MAX_FAILED_POLLS) throw failure;
        this.logger.warn(`following ${name}: ${failure.message} (poll ${failedPolls} of ${MAX_FAILED_POLLS})`);
      }
      await delay(this.config.TRAINER_K8S_POLL_MS, undefined, { signal }).catch(() => undefined);
    }
    await this.cancel(name);
    return { status: 'cancelled' };
  }

  async cancel(name: string): Promise<void> {
    await this.deleteIgnoringMissing('jobs', () =>
      this.apis.batch.deleteNamespacedJob({ name, namespace: this.namespace, propagationPolicy: 'Foreground' }),
    );
    await this.deleteIgnoringMissing('configmaps', () => this.apis.core.deleteNamespacedConfigMap({ name, namespace: this.namespace }));
  }

  /** True when created, false when it already existed (a redelivery of the launch). */
  private async createOrFind(resource: string, create: () => Promise<unknown>): Promise<boolean> {
    try {
      await create();
      return true;
    } catch (error) {
      if (statusOf(error) === 409) return false;
      throw toKubernetesError(error, this.action('create', resource));
    }
  }

  /** A Job found under the name must be this training job's (the name's hash makes another one very unlikely). */
  private async checkExistingJob(name: string, jobId: string): Promise<void> {
    const existing = await this.readJob(name);
    const owner = existing?.metadata?.annotations?.['astra.dev/job-id'];
    if (existing === undefined || owner !== jobId) {
      throw new BusError('CONFLICT', `the Kubernetes Job ${this.namespace}/${name} belongs to ${owner ?? 'nobody'}, not to job ${jobId}`);
    }
  }

  private async readJob(name: string): Promise<V1Job | undefined> {
    try {
      return await this.apis.batch.readNamespacedJob({ name, namespace: this.namespace });
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toKubernetesError(error, this.action('get', 'jobs'));
    }
  }

  private async listPods(name: string): Promise<V1Pod[]> {
    try {
      const list = await this.apis.core.listNamespacedPod({ namespace: this.namespace, labelSelector: `${JOB_NAME_LABEL}=${name}` });
      return list.items;
    } catch (error) {
      throw toKubernetesError(error, this.action('list', 'pods'));
    }
  }

  private async deleteIgnoringMissing(resource: string, remove: () => Promise<unknown>): Promise<void> {
    try {
      await remove();
    } catch (error) {
      if (statusOf(error) !== 404) throw toKubernetesError(error, this.action('delete', resource));
    }
  }

  private action(verb: KubernetesAction['verb'], resource: string): KubernetesAction {
    return { verb, resource, namespace: this.namespace };
  }
}
