import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { EpisodeLimitsSchema, PolicySpecSchema, type EpisodeLimits } from '@astra/contracts';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import { LlmTestServer, type ScriptedReply, type ServiceProcess, startVerifier, waitFor } from '@astra/testing';
import { EpisodeMetrics } from '../src/episodes/episode-metrics';
import { EpisodeRunner } from '../src/episodes/episode-runner';
import { EpisodeSandbox } from '../src/episodes/episode-sandbox';
import type { EpisodeInput } from '../src/episodes/episode.types';
import { PolicyClients } from '../src/episodes/policy-clients';
import { PolicyFactory } from '../src/episodes/policy-factory';
import { loadRolloutBrokerConfig } from '../src/rollout-broker.config';
import { capitalPopulationEnvironment, riverDistractor } from './support/episode-environment';

const NATS_URL = testNatsUrl();
const env = capitalPopulationEnvironment();

const SOLVE: ScriptedReply[] = [
  {
    reasoning_content: 'First the capital.',
    tool_calls: [{ id: 'call_a', name: 'capital_of', arguments: { country: 'France' } }],
    logprobs: [{ token: '<tool>', logprob: -0.01 }],
    token_ids: [901],
    prompt_token_ids: [1, 2, 3],
  },
  { tool_calls: [{ id: 'call_b', name: 'population_of', arguments: { city: 'Paris' } }] },
  { content: 'Paris has 2102650 inhabitants.' },
];

/** Episodes against the real verifier (a process) with the LLM test server as the policy endpoint. */
describe('episodes (verifier process, LLM test server)', () => {
  const namespace = `rollout_episodes_${randomBytes(5).toString('hex')}`;
  const llm = new LlmTestServer();
  let verifier: ServiceProcess;
  let bus: NatsBus;
  let clients: PolicyClients;
  let factory: PolicyFactory;
  let runner: EpisodeRunner;
  let sample = 0;

  beforeAll(async () => {
    await llm.start();
    verifier = startVerifier(NATS_URL, namespace);
    bus = await new NatsBus({ service: 'rollout-broker', servers: NATS_URL, namespace }).connect();
    const config = loadRolloutBrokerConfig({ ROLLOUT_INFRA_RETRY_MS: '90000', ROLLOUT_POLICY_HOSTS: '127.0.0.1' });
    clients = new PolicyClients(config);
    factory = new PolicyFactory(clients);
    runner = new EpisodeRunner(new EpisodeSandbox(bus, config), new EpisodeMetrics());
    await verifier.ready();
  });

  afterAll(async () => {
    await clients?.onModuleDestroy();
    await bus?.close();
    await verifier?.stop();
    await llm.stop();
    await deleteNamespace(NATS_URL, namespace);
  });

  function episode(replies: ScriptedReply[], limits: Partial<EpisodeLimits> = {}): EpisodeInput {
    llm.setRules([{ reply: replies }]);
    const policy = factory.create(PolicySpecSchema.parse({ kind: 'endpoint', baseUrl: llm.baseUrl, model: 'policy-m', version: 'step-1' }));
    return {
      jobId: 'job-int',
      groupIndex: 0,
      sample: sample++,
      episodeId: randomBytes(16).toString('hex'),
      seed: 11,
      environment: env,
      distractors: [riverDistractor()],
      policy,
      limits: EpisodeLimitsSchema.parse({ toolTimeMs: 5_000, ...limits }),
      reward: 'f1',
    };
  }

  it('scores a policy that solves the environment about 1, in OpenAI messages, with its token data', async () => {
    const record = await runner.run(episode(SOLVE));
    expect(record).toMatchObject({
      status: 'completed',
      stop: 'answered',
      policy: { kind: 'endpoint', model: 'policy-m', version: 'step-1' },
    });
    expect(record.reward?.reward).toBeCloseTo(1, 4);
    expect(record.reward?.finalAnswerCorrect).toBe(true);
    expect(record.calls.map((c) => [c.tool, c.status, c.resultText !== ''])).toEqual([
      ['capital_of', 'ok', true],
      ['population_of', 'ok', true],
    ]);
    expect(record.messages.slice(1, 3)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'capital_of', arguments: '{"country":"France"}' } }],
        reasoning_content: 'First the capital.',
      },
      { role: 'tool', content: '{"capital":"Paris"}', tool_call_id: 'call_a' },
    ]);
    expect(record.turns[0]?.tokens).toEqual({ promptTokenIds: [1, 2, 3], tokenIds: [901], tokens: ['<tool>'], logprobs: [-0.01] });
    expect(record.distractors.map((d) => d.name)).toEqual(['river_of']);
  });

  it('plays the oracle policy (no model) to a reward of about 1', async () => {
    const input = { ...episode([]), policy: factory.create(PolicySpecSchema.parse({ kind: 'oracle', noise: 0 })) };
    const record = await runner.run(input);
    expect(record).toMatchObject({ status: 'completed', stop: 'answered', policy: { kind: 'oracle' } });
    expect(record.reward?.reward).toBeCloseTo(1, 4);
  });

  it('runs a distractor tool in the same session', async () => {
    const record = await runner.run(episode([{ tool_calls: [{ name: 'river_of', arguments: { city: 'Paris' } }] }, { content: 'Seine' }]));
    expect(record.calls[0]).toMatchObject({ tool: 'river_of', distractor: true, status: 'ok', observation: '{"river":"Seine"}' });
    expect(record.reward?.reward).toBe(0);
  });

  it('scores garbage text 0', async () => {
    const record = await runner.run(episode([{ content: 'zebra quantum lasagna' }]));
    expect(record).toMatchObject({ status: 'completed', stop: 'answered', calls: [], reward: { reward: 0 } });
  });

  it('answers a cut-off tool call (finish_reason length) as invalid arguments, and an unclosed think as an empty answer', async () => {
    const input = episode(SOLVE);
    llm.injectFault({ kind: 'truncated_tool_call' });
    llm.injectFault({ kind: 'unclosed_think' });
    const record = await runner.run(input);
    expect(record).toMatchObject({ status: 'completed', stop: 'answered' });
    expect(record.calls.map((c) => [c.tool, c.status])).toEqual([['capital_of', 'invalid-arguments']]);
    expect(record.messages[2]?.content).toMatch(/^Error:/);
    expect(record.turns.map((t) => [t.finishReason, t.content])).toEqual([
      ['length', ''],
      ['length', ''],
    ]);
    expect(record.reward).toMatchObject({ reward: 0, calls: 1 });
  });

  it('retries a reply that is not JSON, and fails the episode on infrastructure, without a reward, when that persists', async () => {
    llm.resetStats();
    llm.injectFault({ kind: 'malformed_json' });
    const once = await runner.run(episode(SOLVE));
    expect(once).toMatchObject({ status: 'completed', stop: 'answered', reward: { reward: expect.closeTo(1, 4) } });
    // Three turns, the first asked twice.
    expect(llm.requests).toHaveLength(4);

    const input = episode(SOLVE);
    llm.resetStats();
    llm.injectFault({ kind: 'malformed_json' }, 1_000);
    const always = await runner.run(input);
    const asked = llm.requests.length;
    // Drops the faults left queued for the next tests.
    llm.resetStats();
    expect(asked).toBeGreaterThan(1);
    expect(always).toMatchObject({ status: 'failed-infrastructure', stop: 'infrastructure', error: { code: 'LLM_UNAVAILABLE' } });
    expect(always).not.toHaveProperty('reward');
  });

  it('answers an unknown tool and malformed arguments with observations', async () => {
    const record = await runner.run(
      episode([
        {
          tool_calls: [
            { name: 'delete_everything', arguments: {} },
            { name: 'capital_of', arguments: '{"country": "Fra' },
          ],
        },
        { content: 'giving up' },
      ]),
    );
    expect(record.calls.map((c) => c.status)).toEqual(['unknown-tool', 'invalid-arguments']);
    expect(record.messages.filter((m) => m.role === 'tool').map((m) => m.content?.startsWith('Error:'))).toEqual([true, true]);
    expect(record.reward).toMatchObject({ reward: 0, calls: 2 });
  });

  it('caps endless calls at maxTurns', async () => {
    const record = await runner.run(episode([{ tool_calls: [{ name: 'capital_of', arguments: { country: 'Peru' } }] }], { maxTurns: 4 }));
    expect(record).toMatchObject({ status: 'completed', stop: 'turn-cap' });
    expect(record.calls).toHaveLength(4);
    expect(record.calls.every((c) => c.status === 'ok')).toBe(true);
  });

  it('completes an episode through a verifier killed and restarted mid-episode (the session is replayed)', async () => {
    llm.resetStats();
    llm.pause();
    const running = runner.run(episode(SOLVE));
    await waitFor(() => llm.requests.length === 1, { timeoutMs: 10_000, intervalMs: 10, what: 'the first policy turn' });
    // Let turn 0 through (its call runs in the first verifier), then hold turn 1.
    llm.resume();
    llm.pause();
    await waitFor(() => llm.requests.length === 2, { timeoutMs: 30_000, intervalMs: 10, what: 'the second policy turn' });
    verifier.kill();
    verifier = startVerifier(NATS_URL, namespace);
    // The call of turn 1 reaches no verifier at first: it is retried until the new one answers.
    llm.resume();
    const record = await running;
    await verifier.ready();
    expect(record.status).toBe('completed');
    // population_of answers only in a session where capital_of ran: the new session had the first call replayed.
    expect(record.calls.map((c) => [c.tool, c.status])).toEqual([
      ['capital_of', 'ok'],
      ['population_of', 'ok'],
    ]);
    expect(record.reward?.reward).toBeCloseTo(1, 4);
  });
});
