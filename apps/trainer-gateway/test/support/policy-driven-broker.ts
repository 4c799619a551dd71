import type { EpisodeRecord, GroupSummary, RolloutBatchRequest, RolloutBatchSummary } from '@astra/contracts';
import { REGISTRY } from '@astra/contracts';
import { NatsBus } from '@astra/platform/bus';

/** The broker messages the stand-in answers: the batch command and the two RPCs a trainer calls. */
export const BROKER_REGISTRY = {
  'rollout-broker.batch.requested': REGISTRY['rollout-broker.batch.requested'],
  'rollout-broker.job.status': REGISTRY['rollout-broker.job.status'],
  'rollout-broker.batch.groups': REGISTRY['rollout-broker.batch.groups'],
};

const TOOLS = [
  {
    type: 'function' as const,
    function: { name: 'search', description: 'Search.', parameters: { type: 'object', properties: { query: { type: 'string' } } } },
  },
];

interface Completion {
  prompt_token_ids?: number[];
  choices: Array<{ message: { content: string | null }; token_ids?: number[]; logprobs?: { content: Array<{ logprob: number }> } }>;
}

/**
 * A rollout broker for one-turn episodes: each batch asks the policy endpoint it names for every episode (with
 * token ids and log-probabilities) and scores the samples of a group 0, 1, 0, ... so every group has a spread.
 * It stands in for the real broker where the test needs GRPO updates, which a policy this small never earns.
 */
export class PolicyDrivenBroker {
  readonly requests: RolloutBatchRequest[] = [];
  private readonly batches = new Map<
    string,
    { summary: RolloutBatchSummary; groups: Array<{ group: GroupSummary; episodes: EpisodeRecord[] }> }
  >();
  readonly bus: NatsBus<typeof BROKER_REGISTRY>;

  constructor(servers: string, namespace: string) {
    this.bus = new NatsBus({ service: 'rollout-broker', servers, namespace, registry: BROKER_REGISTRY });
    this.bus.register('rollout-broker.batch.requested', async (request) => {
      this.requests.push(request);
      if (!this.batches.has(request.jobId)) this.batches.set(request.jobId, await this.generate(request));
    });
    this.bus.register('rollout-broker.job.status', async ({ jobId }) => {
      const batch = this.batches.get(jobId);
      const progress = { done: batch ? 1 : 0, total: 1 };
      return batch
        ? { jobId, status: 'completed', kind: 'rollout-batch', progress, attempts: 1, batch: batch.summary }
        : { jobId, status: 'pending', progress, attempts: 0 };
    });
    this.bus.register('rollout-broker.batch.groups', async ({ jobId }) => ({ groups: this.batches.get(jobId)?.groups ?? [] }));
  }

  private async generate(request: RolloutBatchRequest) {
    if (request.policy.kind !== 'endpoint') throw new Error('the stand-in broker needs an endpoint policy');
    const groups: Array<{ group: GroupSummary; episodes: EpisodeRecord[] }> = [];
    for (let g = 0; g < request.batchSize; g++) {
      const episodes: EpisodeRecord[] = [];
      for (let s = 0; s < request.groupSize; s++) episodes.push(await this.episode(request, g, s));
      const rewards = episodes.map((e) => e.reward!.reward);
      const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
      const std = Math.sqrt(rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / rewards.length);
      const group = {
        id: `${request.jobId}:${g}`,
        jobId: request.jobId,
        groupIndex: g,
        environmentId: 'e'.repeat(64),
        policyVersion: request.policy.version,
        state: 'valid' as const,
        rewards,
        mean,
        std,
        episodeIds: episodes.map((e) => e.id),
      };
      groups.push({ group, episodes });
    }
    const all = groups.flatMap((g) => g.group.rewards);
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const summary: RolloutBatchSummary = {
      policyVersion: request.policy.version,
      groupSize: request.groupSize,
      batchSize: request.batchSize,
      groups: groups.map(({ group }) => ({ id: group.id, environmentId: group.environmentId, mean: group.mean, std: group.std })),
      generated: groups.length,
      dropped: 0,
      infrastructure: 0,
      carriedIn: 0,
      carriedOut: 0,
      episodes: all.length,
      failedInfrastructure: 0,
      rewardMean: mean,
      rewardStd: Math.sqrt(all.reduce((a, r) => a + (r - mean) ** 2, 0) / all.length),
      validRatio: 1,
      callsPerEpisode: 0,
      complete: true,
    };
    return { summary, groups };
  }

  private async episode(request: RolloutBatchRequest, group: number, sample: number): Promise<EpisodeRecord> {
    if (request.policy.kind !== 'endpoint') throw new Error('unreachable');
    const messages = [{ role: 'user' as const, content: `Which ${['rivers', 'cities'][group % 2]!} are the largest?` }];
    const body = {
      model: request.policy.model,
      messages,
      tools: TOOLS,
      temperature: 1,
      max_tokens: 12,
      seed: group * 100 + sample,
      logprobs: true,
      return_token_ids: true,
    };
    const response = await fetch(`${request.policy.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`the policy answered ${response.status}: ${await response.text()}`);
    const completion = (await response.json()) as Completion;
    const choice = completion.choices[0]!;
    const content = choice.message.content ?? '';
    const reward = sample % 2;
    return {
      id: (group * 1000 + sample + 1).toString(16).padStart(32, '0'),
      jobId: request.jobId,
      groupIndex: group,
      sample,
      environmentId: 'e'.repeat(64),
      policy: { kind: 'endpoint', model: request.policy.model, version: request.policy.version },
      seed: sample,
      status: 'completed',
      stop: 'answered',
      tools: TOOLS,
      distractors: [],
      messages: [...messages, { role: 'assistant', content }],
      turns: [
        {
          index: 0,
          content,
          reasoning: null,
          callIds: [],
          finishReason: 'stop',
          usage: { inputTokens: completion.prompt_token_ids?.length ?? 0, outputTokens: choice.token_ids?.length ?? 0 },
          latencyMs: 1,
          tokens: {
            promptTokenIds: completion.prompt_token_ids ?? [],
            tokenIds: choice.token_ids ?? [],
            logprobs: choice.logprobs?.content.map((t) => t.logprob) ?? [],
          },
        },
      ],
      calls: [],
      reward: {
        kind: 'f1',
        reward,
        recall: reward,
        precision: reward,
        subTasks: 1,
        solved: [],
        calls: 0,
        finalAnswerCorrect: reward === 1,
      },
      timings: { startedAt: new Date().toISOString(), wallMs: 1, policyMs: 1, toolMs: 0 },
    };
  }
}
