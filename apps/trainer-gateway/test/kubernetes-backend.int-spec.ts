import { BusError, TrainingJobRequestSchema, type TrainingJobRequest, type TrainingJobRequestInput } from '@astra/contracts';
import { waitFor } from '@astra/testing';
import { parse } from 'yaml';
import type { KubernetesUpdate } from '../src/backends/kubernetes-backend.port';
import { KubernetesBackend, outputUriFor } from '../src/kubernetes/kubernetes.backend';
import { KubernetesConfigSchema, type KubernetesConfig } from '../src/kubernetes/kubernetes.config';
import { createKubernetesApis } from '../src/kubernetes/kubernetes-client';
import { KubernetesApiDouble } from './support/kubernetes-api-double';

const TOKEN = 'double-secret-token-0123456789';
const NS = 'training-test';

function configFor(url: string, extra: Record<string, string> = {}): KubernetesConfig {
  return KubernetesConfigSchema.parse({
    TRAINER_K8S_NAMESPACE: NS,
    TRAINER_K8S_API_URL: url,
    TRAINER_K8S_TOKEN: TOKEN,
    TRAINER_K8S_GPU_COUNT: '2',
    TRAINER_K8S_NODE_SELECTOR: '{"nvidia.com/gpu.product":"H100"}',
    TRAINER_K8S_TOLERATIONS: '[{"key":"nvidia.com/gpu","operator":"Exists","effect":"NoSchedule"}]',
    TRAINER_K8S_SERVICE_ACCOUNT: 'astra-trainer',
    TRAINER_K8S_OUTPUT_URI_PREFIX: 's3://astra-checkpoints/runs',
    TRAINER_K8S_SANDBOX_URL: 'http://verifier.astra:3004/run_code',
    TRAINER_K8S_POLL_MS: '10',
    ...extra,
  });
}

const grpo = (jobId = 'grpo-job-1'): TrainingJobRequest =>
  request({
    kind: 'grpo',
    jobId,
    backend: 'kubernetes',
    seed: 7,
    model: { kind: 'hub', name: 'Qwen/Qwen3-0.6B' },
    environments: { jobId: 'env-job-1', split: 'train' },
    hyperparameters: { steps: 30, learningRate: 2e-6, clipLow: 0.2, clipHigh: 0.28, rollouts: { groupSize: 8, batchSize: 16 } },
  });

const sft = (jobId = 'sft-job-1'): TrainingJobRequest =>
  request({
    kind: 'sft',
    jobId,
    backend: 'kubernetes',
    seed: 3,
    model: { kind: 'hub', name: 'Qwen/Qwen3-0.6B' },
    trajectoryJobs: ['synth-1'],
    hyperparameters: { steps: 120, batchSize: 32, learningRate: 1e-5, warmupSteps: 10 },
  });

function request(input: TrainingJobRequestInput): TrainingJobRequest {
  return TrainingJobRequestSchema.parse(input);
}

const DATA = { 'train.jsonl': '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}\n' };

describe('KubernetesBackend against the API double', () => {
  let double: KubernetesApiDouble;
  let url: string;
  let config: KubernetesConfig;
  let backend: KubernetesBackend;

  beforeEach(async () => {
    double = new KubernetesApiDouble(TOKEN);
    url = await double.start();
    config = configFor(url);
    backend = new KubernetesBackend(config, createKubernetesApis(config));
  });
  afterEach(() => double.stop());

  const launch = (req: TrainingJobRequest) => backend.launch(req, { files: DATA, outputUri: outputUriFor(config, req.jobId) });

  it('launches a GRPO job: a ConfigMap with the verl configuration and a GPU Job that mounts it', async () => {
    const { name } = await launch(grpo());

    expect(name).toMatch(/^astra-grpo-job-1-[0-9a-f]{10}$/);
    const [cmPost] = double.requestsTo('POST', new RegExp(`^/api/v1/namespaces/${NS}/configmaps$`));
    const [jobPost] = double.requestsTo('POST', new RegExp(`^/apis/batch/v1/namespaces/${NS}/jobs$`));
    const cm = cmPost?.body as { metadata: { name: string }; data: Record<string, string> };
    expect(cm.metadata.name).toBe(name);
    expect(cm.data['train.jsonl']).toBe(DATA['train.jsonl']);
    const overrides = cm.data['verl-overrides.txt']?.trim().split('\n') ?? [];
    expect(overrides).toEqual(
      expect.arrayContaining([
        'algorithm.adv_estimator=grpo',
        'actor_rollout_ref.rollout.n=8',
        'data.train_batch_size=16',
        'actor_rollout_ref.actor.ppo_mini_batch_size=16',
        'actor_rollout_ref.actor.optim.lr=0.000002',
        'actor_rollout_ref.actor.clip_ratio_low=0.2',
        'actor_rollout_ref.actor.clip_ratio_high=0.28',
        'actor_rollout_ref.actor.use_kl_loss=False',
        'actor_rollout_ref.actor.kl_loss_coef=0',
        'algorithm.kl_ctrl.kl_coef=0',
        'actor_rollout_ref.actor.entropy_coeff=0',
        'actor_rollout_ref.actor.loss_agg_mode=token-mean',
        'actor_rollout_ref.model.path=Qwen/Qwen3-0.6B',
        'trainer.total_training_steps=30',
        'trainer.n_gpus_per_node=2',
        'custom_reward_function.path=/astra/input/astra_reward.py',
        'actor_rollout_ref.rollout.multi_turn.tool_config_path=/astra/input/tool_config.yaml',
        'actor_rollout_ref.rollout.mode=async',
      ]),
    );
    const tools = parse(cm.data['tool_config.yaml'] ?? '') as { tools: { config: { sandbox_fusion_url: string } }[] };
    expect(tools.tools[0]?.config.sandbox_fusion_url).toBe('http://verifier.astra:3004/run_code');
    expect(cm.data['run.sh']).toContain('verl.trainer.main_ppo');
    expect(cm.data['run.sh']).toContain(`aws s3 cp --recursive /astra/output 's3://astra-checkpoints/runs/${name}'`);

    const job = jobPost?.body as JobBody;
    expect(job.metadata.labels['astra.dev/training-job']).toBe('grpo-job-1');
    const pod = job.spec.template.spec;
    expect(job.spec.template.metadata.labels['astra.dev/training-job']).toBe('grpo-job-1');
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'H100' });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.serviceAccountName).toBe('astra-trainer');
    expect(pod.volumes).toEqual([{ name: 'input', configMap: { name } }]);
    const container = pod.containers[0];
    expect(container?.image).toBe(config.TRAINER_K8S_GRPO_IMAGE);
    expect(container?.command).toEqual(['bash', '/astra/input/run.sh']);
    expect(container?.resources.limits['nvidia.com/gpu']).toBe('2');
    expect(container?.volumeMounts).toEqual([{ name: 'input', mountPath: '/astra/input', readOnly: true }]);
    expect(container?.env).toEqual(expect.arrayContaining([{ name: 'ASTRA_JOB_ID', value: 'grpo-job-1' }]));
    expect(jobPost?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('launches an SFT job with TRL configuration from the request', async () => {
    const { name } = await launch(sft());

    const cm = double.configMaps.get(name) as { data: Record<string, string> };
    const trl = parse(cm.data['sft.yaml'] ?? '') as Record<string, unknown>;
    expect(trl).toMatchObject({
      model_name_or_path: 'Qwen/Qwen3-0.6B',
      datasets: [{ path: 'json', data_files: '/astra/input/train.jsonl', split: 'train' }],
      learning_rate: 1e-5,
      max_steps: 120,
      per_device_train_batch_size: 16,
      seed: 3,
      assistant_only_loss: true,
      output_dir: '/astra/output',
    });
    const job = double.jobs.get(name) as unknown as JobBody;
    expect(job.spec.template.spec.containers[0]?.image).toBe(config.TRAINER_K8S_SFT_IMAGE);
  });

  it('finds the existing Job when a redelivered launch gets 409 AlreadyExists', async () => {
    const first = await launch(grpo());
    const second = await launch(grpo());

    expect(second.name).toBe(first.name);
    expect(double.jobs.size).toBe(1);
    expect(double.requestsTo('POST', /\/jobs$/)).toHaveLength(2);
    expect(double.requestsTo('GET', new RegExp(`/jobs/${first.name}$`))).toHaveLength(1);
  });

  it('follows a Job: running, step metrics from the log lines, then succeeded', async () => {
    const { name } = await launch(grpo());
    const updates: KubernetesUpdate[] = [];
    const outcome = backend.follow(name, async (u) => void updates.push(u), new AbortController().signal);

    await waitFor(() => updates.some((u) => u.phase === 'pending'), { what: 'pending' });
    double.addPod(name, 'pod-a', { phase: 'Running' });
    double.appendLog('pod-a', 'loading model\n{"astra_step": 1, "loss": 0.5, "rewardMean": 0.25}\n');
    await waitFor(() => updates.some((u) => u.step?.step === 1), { what: 'step 1' });
    double.appendLog('pod-a', 'step:2 - actor/pg_loss:0.4\n{"astra_step": 2, "loss": 0.4, "rewardMean": 0.5}\npartial');
    double.setPodStatus('pod-a', { phase: 'Succeeded' });
    double.setJobStatus(name, { conditions: [{ type: 'Complete', status: 'True' }] });

    await expect(outcome).resolves.toEqual({ status: 'succeeded' });
    expect(updates.find((u) => u.phase === 'running')).toBeDefined();
    expect(updates.flatMap((u) => (u.step ? [u.step] : []))).toEqual([
      { step: 1, metrics: { loss: 0.5, rewardMean: 0.25 } },
      { step: 2, metrics: { loss: 0.4, rewardMean: 0.5 } },
    ]);
    expect(updates.flatMap((u) => u.logLines)).toEqual([
      'loading model',
      '{"astra_step": 1, "loss": 0.5, "rewardMean": 0.25}',
      'step:2 - actor/pg_loss:0.4',
      '{"astra_step": 2, "loss": 0.4, "rewardMean": 0.5}',
      'partial',
    ]);
    expect(double.requestsTo('GET', /\/pods$/).at(-1)?.query.labelSelector).toBe(`astra.dev/job-name=${name}`);
  });

  it('reports a Failed condition as failed with its reason', async () => {
    const { name } = await launch(sft());
    double.setJobStatus(name, {
      conditions: [
        { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
      ],
    });

    await expect(backend.follow(name, async () => undefined, new AbortController().signal)).resolves.toEqual({
      status: 'failed',
      reason: 'BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
  });

  it('fails a job whose pod cannot pull its image past the start deadline, and deletes it', async () => {
    config = configFor(url, { TRAINER_K8S_START_DEADLINE_S: '0' });
    backend = new KubernetesBackend(config, createKubernetesApis(config));
    const { name } = await launch(sft());
    const waiting = { reason: 'ImagePullBackOff', message: 'Back-off pulling image "huggingface/trl:nope"' };
    double.addPod(name, 'pod-b', { phase: 'Pending', containerStatuses: [{ name: 'trainer', image: 'x', state: { waiting } }] });

    const outcome = await backend.follow(name, async () => undefined, new AbortController().signal);

    expect(outcome).toEqual({ status: 'failed', reason: expect.stringContaining('ImagePullBackOff: Back-off pulling image') });
    expect(double.jobs.has(name)).toBe(false);
  });

  it('turns a 403 into a clear non-retryable error without the token', async () => {
    double.fail(
      'POST',
      /\/jobs$/,
      403,
      `jobs.batch is forbidden: User "system:serviceaccount:astra:gateway" cannot create resource "jobs"`,
    );

    const error = await launch(grpo()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BusError);
    expect((error as BusError).retryable).toBe(false);
    expect((error as BusError).message).toContain(`create jobs in namespace "${NS}"`);
    expect((error as BusError).message).toContain('HTTP 403');
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(TOKEN);
  });

  it('turns a 503 and a refused connection into retryable UNAVAILABLE errors', async () => {
    double.fail('POST', /\/configmaps$/, 503, 'etcdserver: leader changed');
    const unavailable = (await launch(grpo()).catch((e: unknown) => e)) as BusError;
    expect(unavailable).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(unavailable.message).toContain('HTTP 503');

    await double.stop();
    const refused = (await launch(grpo('grpo-job-2')).catch((e: unknown) => e)) as BusError;
    expect(refused).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(refused.message).not.toContain(TOKEN);
  });

  it('keeps following through a transient 503', async () => {
    const { name } = await launch(sft());
    double.fail('GET', /\/jobs\/[^/]+$/, 503, 'apiserver overloaded', 2);
    double.setJobStatus(name, { conditions: [{ type: 'Complete', status: 'True' }] });

    await expect(backend.follow(name, async () => undefined, new AbortController().signal)).resolves.toEqual({ status: 'succeeded' });
    expect(double.requestsTo('GET', /\/jobs\/[^/]+$/).length).toBeGreaterThanOrEqual(3);
  });

  it('cancels: deletes the Job with foreground propagation and its ConfigMap; a missing Job is fine', async () => {
    const { name } = await launch(grpo());
    double.addPod(name, 'pod-c', { phase: 'Running' });

    await backend.cancel(name);
    await backend.cancel(name);

    const [deleteJob] = double.requestsTo('DELETE', new RegExp(`/jobs/${name}$`));
    expect(deleteJob?.query.propagationPolicy).toBe('Foreground');
    expect(double.requestsTo('DELETE', new RegExp(`/configmaps/${name}$`))).toHaveLength(2);
    expect(double.jobs.size + double.configMaps.size + double.pods.size).toBe(0);
  });

  it('stops following when aborted: cancelled, and the Job deleted', async () => {
    const { name } = await launch(sft());
    const abort = new AbortController();
    const updates: KubernetesUpdate[] = [];
    const outcome = backend.follow(name, async (u) => void updates.push(u), abort.signal);
    await waitFor(() => updates.length > 0, { what: 'first update' });

    abort.abort();

    await expect(outcome).resolves.toEqual({ status: 'cancelled' });
    expect(double.requestsTo('DELETE', new RegExp(`/jobs/${name}$`))[0]?.query.propagationPolicy).toBe('Foreground');
  });

  it('refuses eval jobs and oversized inputs before calling the API', async () => {
    const evalJob = request({
      kind: 'eval',
      jobId: 'eval-1',
      backend: 'kubernetes',
      model: { kind: 'hub', name: 'm' },
      environments: { jobId: 'e' },
    });
    await expect(launch(evalJob)).rejects.toThrow(/eval jobs do not run on kubernetes/);
    const big = { 'train.jsonl': 'x'.repeat(950 * 1024) };
    await expect(backend.launch(sft(), { files: big, outputUri: '/astra/output/x' })).rejects.toThrow(
      /more than the 921600 a ConfigMap can carry/,
    );
    expect(double.requests).toHaveLength(0);
  });
});

interface JobBody {
  metadata: { labels: Record<string, string> };
  spec: {
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        restartPolicy: string;
        nodeSelector: Record<string, string>;
        tolerations: unknown[];
        serviceAccountName: string;
        volumes: unknown[];
        containers: {
          image: string;
          command: string[];
          env: unknown[];
          resources: { limits: Record<string, string> };
          volumeMounts: unknown[];
        }[];
      };
    };
  };
}
