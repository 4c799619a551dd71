import { BusError, EpisodeLimitsSchema, type EnvironmentRecord, type EpisodeLimits, type SandboxResult } from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';
import { capitalPopulationEnvironment, riverDistractor } from '../../test/support/episode-environment';
import { FakePolicy, type ScriptedTurn } from '../../test/support/fake-policy';
import { FakeVerifier, ok } from '../../test/support/fake-verifier';
import { loadRolloutBrokerConfig } from '../rollout-broker.config';
import { EpisodeMetrics } from './episode-metrics';
import { EpisodeRunner } from './episode-runner';
import { EpisodeSandbox, type EpisodeSandboxPort } from './episode-sandbox';
import { OraclePolicy } from './oracle-policy';
import type { DistractorTool, Policy } from './episode.types';

const env = capitalPopulationEnvironment();
const VALUES: Record<string, unknown> = { France: { capital: 'Paris' }, Paris: { population: 2102650 }, Peru: { capital: 'Lima' } };

function verifier(): FakeVerifier {
  return new FakeVerifier((tool, args) => (tool === 'river_of' ? { river: 'Seine' } : VALUES[String(Object.values(args)[0])]));
}

function harness(fake = verifier(), retryMs = 5_000) {
  let time = 0;
  const clock = { now: () => time, sleep: async (ms: number) => void (time += ms) };
  const config = loadRolloutBrokerConfig({ ROLLOUT_INFRA_RETRY_MS: String(retryMs) });
  return new EpisodeRunner(new EpisodeSandbox(fake.bus as unknown as MessageBus, config, clock), new EpisodeMetrics());
}

function input(
  policy: Policy,
  limits: Partial<EpisodeLimits> = {},
  distractors: DistractorTool[] = [],
  environment: EnvironmentRecord = env,
) {
  return {
    jobId: 'job-1',
    groupIndex: 0,
    sample: 0,
    episodeId: 'a'.repeat(32),
    seed: 7,
    environment,
    distractors,
    policy,
    limits: EpisodeLimitsSchema.parse(limits),
    reward: 'f1' as const,
  };
}

const SOLVE: ScriptedTurn[] = [
  { calls: [['capital_of', { country: 'France' }]] },
  { calls: [['population_of', { city: 'Paris' }]] },
  { content: 'The population of Paris is 2102650.' },
];

describe('EpisodeRunner', () => {
  it('scores a solved episode 1 and keeps the conversation in OpenAI form', async () => {
    const record = await harness().run(input(new FakePolicy(SOLVE), {}, [riverDistractor()]));
    expect(record).toMatchObject({ status: 'completed', stop: 'answered', reward: { reward: expect.closeTo(1, 5), recall: 1 } });
    expect(record.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
    expect(record.messages[2]).toEqual({ role: 'tool', content: '{"capital":"Paris"}', tool_call_id: 'c0_0' });
    expect(record.tools.map((t) => t.function.name).sort()).toEqual(['capital_of', 'population_of', 'river_of']);
    expect(record.distractors).toEqual([{ name: 'river_of', environmentId: 'f'.repeat(64), band: 'medium' }]);
    expect(record.turns.map((t) => t.callIds)).toEqual([['c0_0'], ['c1_0'], []]);
  });

  it('shuffles the distractors into the tool list by the episode seed: the same order for a seed, others across seeds', async () => {
    const distractors = [
      riverDistractor(),
      { ...riverDistractor(), band: 'low' as const, tool: { ...riverDistractor().tool, name: 'lake_of' } },
    ];
    const offered = async (seed: number) => {
      const policy = new FakePolicy([{ content: 'no idea' }]);
      const record = await harness().run({ ...input(policy, {}, distractors), seed });
      const names = record.tools.map((t) => t.function.name);
      // What the policy was offered is what the record keeps.
      expect(policy.requests[0]?.tools.map((t) => t.function.name)).toEqual(names);
      return names.join(',');
    };
    expect(await offered(3)).toBe(await offered(3));
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) orders.add(await offered(seed));
    expect(orders.size).toBeGreaterThan(4);
    // Distractors are not simply appended after the environment's own tools.
    expect([...orders].some((order) => !order.startsWith('capital_of,population_of'))).toBe(true);
  });

  it('plays the oracle (noise 0) to a reward of about 1 with call ids per turn', async () => {
    const record = await harness().run(input(new OraclePolicy({ kind: 'oracle', version: 'oracle', noise: 0 })));
    expect(record).toMatchObject({ status: 'completed', stop: 'answered', policy: { kind: 'oracle', version: 'oracle' } });
    expect(record.reward?.reward).toBeCloseTo(1, 5);
    expect(record.calls.map((c) => [c.id, c.tool, c.rawArguments])).toEqual([
      ['call_0_0', 'capital_of', '{"country":"France"}'],
      ['call_1_0', 'population_of', '{"city":"Paris"}'],
    ]);
    expect(record.turns.every((t) => t.usage.outputTokens === 0)).toBe(true);
  });

  it('records garbage text as an answer with a reward of 0', async () => {
    const record = await harness().run(input(new FakePolicy([{ content: 'lorem ipsum dolor' }])));
    expect(record).toMatchObject({ status: 'completed', stop: 'answered', calls: [], reward: { reward: 0 } });
  });

  it('answers an unknown tool and malformed arguments with observations, and counts them as calls', async () => {
    const policy = new FakePolicy([
      {
        calls: [
          ['launch_rockets', { now: true }],
          ['capital_of', '{"country": "Fra'],
        ],
      },
      { content: 'no idea' },
    ]);
    const record = await harness().run(input(policy));
    expect(record.calls.map((c) => [c.tool, c.status, c.arguments])).toEqual([
      ['launch_rockets', 'unknown-tool', { now: true }],
      ['capital_of', 'invalid-arguments', null],
    ]);
    expect(record.calls[1]?.rawArguments).toBe('{"country": "Fra');
    expect(record.messages.slice(2, 4).map((m) => m.tool_call_id)).toEqual(['c0_0', 'c0_1']);
    expect(record.reward).toMatchObject({ reward: 0, calls: 2 });
  });

  it('caps endless calls at maxTurns', async () => {
    const policy = new FakePolicy([{ calls: [['capital_of', { country: 'Peru' }]] }]);
    const record = await harness().run(input(policy, { maxTurns: 3 }));
    expect(record).toMatchObject({ status: 'completed', stop: 'turn-cap' });
    expect(record.turns).toHaveLength(3);
    expect(record.calls).toHaveLength(3);
  });

  it('runs at most maxCallsPerTurn calls of one turn; the rest are error observations that still count', async () => {
    const fake = verifier();
    const flood: ScriptedTurn = {
      calls: Array.from({ length: 7 }, (): [string, Record<string, unknown>] => ['capital_of', { country: 'France' }]),
    };
    const policy = new FakePolicy([flood, { content: 'Paris' }]);
    const record = await harness(fake).run(input(policy, { maxCallsPerTurn: 3 }));
    expect(fake.log.filter((entry) => entry === 'sandbox.tool.call')).toHaveLength(3);
    expect(record.calls).toHaveLength(7);
    expect(record.calls.slice(3).every((c) => c.skipped === true && c.status === 'error')).toBe(true);
    expect(record.calls[3]?.observation).toBe('Error: not run: a turn may make at most 3 tool calls');
    expect(record.calls.slice(0, 3).every((c) => c.skipped === undefined && c.status === 'ok')).toBe(true);
    expect(record.messages.filter((m) => m.role === 'tool')).toHaveLength(7);
    expect(record.reward).toMatchObject({ calls: 7 });
  });

  it('stops at the token budget and tells the policy what is left', async () => {
    const policy = new FakePolicy([{ calls: [['capital_of', { country: 'France' }]], outputTokens: 60 }]);
    const record = await harness().run(input(policy, { maxTokens: 100 }));
    expect(record.stop).toBe('token-budget');
    expect(policy.requests.map((r) => r.tokensLeft)).toEqual([100, 40]);
    expect(record.reward).toBeDefined();
  });

  it('runs the calls of one turn concurrently', async () => {
    let active = 0;
    let peak = 0;
    const sandbox: EpisodeSandboxPort = {
      open: () => ({
        call: async (): Promise<SandboxResult> => {
          peak = Math.max(peak, ++active);
          await new Promise((resolve) => setImmediate(resolve));
          active--;
          return ok({ capital: 'Paris' });
        },
        close: async () => undefined,
      }),
    };
    const calls: [string, Record<string, unknown>][] = [
      ['capital_of', { country: 'France' }],
      ['capital_of', { country: 'Peru' }],
      ['population_of', { city: 'Paris' }],
    ];
    const record = await new EpisodeRunner(sandbox, new EpisodeMetrics()).run(input(new FakePolicy([{ calls }, { content: 'done' }])));
    expect(peak).toBe(3);
    expect(record.messages.slice(2, 5).map((m) => m.tool_call_id)).toEqual(['c0_0', 'c0_1', 'c0_2']);
  });

  it('replays the session through a sandbox fault and completes', async () => {
    const fake = verifier();
    const policy = new FakePolicy((request) => {
      if (request.turn === 1) {
        fake.restart();
        fake.faults.push('NO_RESPONDERS', 'NO_RESPONDERS');
      }
      return SOLVE[request.turn] ?? {};
    });
    const record = await harness(fake).run(input(policy));
    expect(record).toMatchObject({ status: 'completed', stop: 'answered', reward: { reward: expect.closeTo(1, 5) } });
    expect(fake.log.filter((l) => l.startsWith('sandbox.session.open'))).toHaveLength(3);
  });

  it('marks the episode failed-infrastructure, without a reward, when the fault outlives the retries', async () => {
    const fake = verifier();
    fake.faults.push(...Array<string>(1_000).fill('NO_RESPONDERS'));
    const record = await harness(fake, 2_000).run(input(new FakePolicy(SOLVE)));
    expect(record).toMatchObject({ status: 'failed-infrastructure', stop: 'infrastructure', error: { code: 'SANDBOX_FAULT' } });
    expect(record).not.toHaveProperty('reward');
  });

  it('marks the episode failed-infrastructure when the policy endpoint fails', async () => {
    const policy = new FakePolicy(SOLVE, new BusError('LLM_UNAVAILABLE', 'role policy: gave up after 4 attempts'));
    const record = await harness().run(input(policy));
    expect(record).toMatchObject({ status: 'failed-infrastructure', stop: 'infrastructure', error: { code: 'LLM_UNAVAILABLE' } });
    expect(record.reward).toBeUndefined();
  });
});
