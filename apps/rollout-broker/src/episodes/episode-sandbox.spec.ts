import type { MessageBus } from '@astra/platform/bus';
import { capitalPopulationEnvironment, riverDistractor } from '../../test/support/episode-environment';
import { FakeVerifier } from '../../test/support/fake-verifier';
import { loadRolloutBrokerConfig } from '../rollout-broker.config';
import { EpisodeSandbox, episodeBundle, type RetryClock } from './episode-sandbox';

function setup(retryMs = 10_000) {
  const verifier = new FakeVerifier();
  const slept: number[] = [];
  let time = 0;
  const clock: RetryClock = {
    now: () => time,
    sleep: async (ms) => {
      slept.push(ms);
      time += ms;
    },
  };
  const config = loadRolloutBrokerConfig({ ROLLOUT_INFRA_RETRY_MS: String(retryMs) });
  const sandbox = new EpisodeSandbox(verifier.bus as unknown as MessageBus, config, clock);
  return { verifier, sandbox, slept };
}

describe('EpisodeSandbox', () => {
  const env = capitalPopulationEnvironment();

  it('bundles the environment tools with the distractors, and its setup', () => {
    const bundle = episodeBundle({ ...env, setup: 'X = 1' }, [riverDistractor()]);
    expect(bundle).toMatchObject({ language: 'python', setup: 'X = 1' });
    expect(bundle.tools.map((t) => t.name)).toEqual(['capital_of', 'population_of', 'river_of']);
  });

  it('opens one session on the first call, by hash once the verifier has the bundle, and closes it', async () => {
    const { verifier, sandbox } = setup();
    for (let i = 0; i < 2; i++) {
      const session = sandbox.open(env, []);
      await session.call('capital_of', { country: 'France' }, 1000);
      await session.call('population_of', { city: 'Paris' }, 1000);
      await session.close();
    }
    expect(verifier.log).toEqual([
      'sandbox.session.open bundle',
      'sandbox.tool.call',
      'sandbox.tool.call',
      'sandbox.session.close',
      'sandbox.session.open by-hash',
      'sandbox.tool.call',
      'sandbox.tool.call',
      'sandbox.session.close',
    ]);
  });

  it('after a verifier restart, reopens with the bundle, replays the completed calls and retries the call', async () => {
    const { verifier, sandbox, slept } = setup();
    const session = sandbox.open(env, []);
    await session.call('capital_of', { country: 'France' }, 1000);
    await session.call('capital_of', { country: 'Peru' }, 1000);
    verifier.restart();
    verifier.faults.push('NO_RESPONDERS', 'none', 'NO_RESPONDERS');
    const result = await session.call('population_of', { city: 'Paris' }, 1000);
    // The new session saw the two earlier calls first, in order: the state is what it was.
    expect(result.value).toEqual(['capital_of{"country":"France"}', 'capital_of{"country":"Peru"}', 'population_of{"city":"Paris"}']);
    expect(slept.length).toBeGreaterThanOrEqual(2);
    expect(slept[1]).toBeGreaterThan(slept[0] as number);
    expect(verifier.log).toContain('sandbox.session.open by-hash');
    expect(verifier.log.filter((l) => l === 'sandbox.session.open bundle')).toHaveLength(2);
    await session.close();
  });

  it('throws a retryable SANDBOX_FAULT once the retry budget is spent', async () => {
    const { verifier, sandbox, slept } = setup(1_000);
    verifier.faults.push(...Array<string>(100).fill('NO_RESPONDERS'));
    const session = sandbox.open(env, []);
    await expect(session.call('capital_of', { country: 'France' }, 1000)).rejects.toMatchObject({
      code: 'SANDBOX_FAULT',
      retryable: true,
    });
    expect(slept.reduce((a, b) => a + b, 0)).toBe(1_000);
    await session.close();
  });

  it('does not retry a request that can never succeed', async () => {
    const { verifier, sandbox, slept } = setup();
    verifier.faults.push('none', 'VALIDATION_FAILED');
    const session = sandbox.open(env, []);
    await expect(session.call('capital_of', { country: 'France' }, 1000)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(slept).toEqual([]);
  });

  it('closing ignores a verifier that is gone', async () => {
    const { verifier, sandbox } = setup();
    const session = sandbox.open(env, []);
    await session.call('capital_of', { country: 'France' }, 1000);
    verifier.faults.push('NO_RESPONDERS');
    await expect(session.close()).resolves.toBeUndefined();
  });
});
