import { BusError, type EnvironmentRecord, type EnvTool } from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';
import { loadRolloutBrokerConfig } from '../rollout-broker.config';
import { EnvironmentSource } from './environment-source';

const id = (c: string) => c.repeat(64);

const tool = (name: string, language: 'python' | 'javascript' = 'python'): EnvTool => ({
  name,
  description: `does ${name}`,
  parameters: { type: 'object', properties: {} },
  language,
  code: `def ${name}():\n    return 1`,
  badCalls: [],
});

function env(c: string, over: Partial<EnvironmentRecord> = {}): EnvironmentRecord {
  return {
    schemaVersion: 1,
    id: id(c),
    language: 'en',
    domain: `d-${c}`,
    scenarioType: 'single-hop',
    prompt: 'q',
    tools: [tool(`t_${c}`)],
    subTasks: [{ id: 's1', question: 'q', answer: '1', dependsOn: [], hop: 1, toolNecessity: true }],
    finalAnswer: '1',
    lineage: { strategy: 'kb', inputs: [], seed: 1, entities: [] },
    verification: { passed: true, checks: [], checkedAt: 'x' },
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** A bus that answers env-compiler's show and list from `records`, counting calls; `down` makes it time out. */
function fakeBus(records: EnvironmentRecord[]) {
  const calls: string[] = [];
  const state = { down: false };
  const bus = {
    request: async (key: string, payload: { id?: string; cursor?: string }) => {
      calls.push(key);
      if (state.down) throw new BusError('TIMEOUT', 'no answer');
      if (key === 'env-compiler.environment.show') {
        const found = records.find((r) => r.id === payload.id);
        if (!found) throw new BusError('NOT_FOUND', `no environment ${payload.id}`);
        return { environment: found };
      }
      // Two pages: the first record, then the rest.
      if (payload.cursor === undefined) return { environments: records.slice(0, 1).map((r) => ({ id: r.id })), nextCursor: 'p2' };
      return { environments: records.slice(1).map((r) => ({ id: r.id })) };
    },
  };
  return { bus: bus as unknown as MessageBus, calls, state };
}

const config = (cache = '10') => loadRolloutBrokerConfig({ ASTRA_INSECURE_LOCAL_BUS: 'true', ROLLOUT_ENV_CACHE: cache });

describe('EnvironmentSource', () => {
  it('resolves ids (deduplicated, limited) and a job across pages', async () => {
    const { bus } = fakeBus([env('a'), env('b'), env('c')]);
    const source = new EnvironmentSource(bus, config());
    expect(await source.resolve({ ids: [id('a'), id('a'), id('b'), id('c')], limit: 2 })).toEqual([id('a'), id('b')]);
    expect(await source.resolve({ jobId: 'envs' })).toEqual([id('a'), id('b'), id('c')]);
    expect(await source.resolve({ jobId: 'envs', limit: 1 })).toEqual([id('a')]);
  });

  it('refuses unknown ids for good, naming them, and stays retryable when env-compiler does not answer', async () => {
    const { bus, state } = fakeBus([env('a')]);
    const source = new EnvironmentSource(bus, config());
    await expect(source.resolve({ ids: [id('a'), id('e'), id('f')] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      retryable: false,
      message: `unknown environments: ${id('e')}, ${id('f')}`,
    });
    state.down = true;
    await expect(source.resolve({ ids: [id('e')] })).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('keeps at most ROLLOUT_ENV_CACHE records, and a cached record costs no call', async () => {
    const { bus, calls } = fakeBus([env('a'), env('b'), env('c')]);
    const source = new EnvironmentSource(bus, config('2'));
    await source.record(id('a'));
    await source.record(id('a'));
    expect(calls).toHaveLength(1);
    await source.record(id('b'));
    await source.record(id('c'));
    await source.record(id('a'));
    expect(calls).toHaveLength(4);
  });

  it("builds distractor tools from their environments' records, skipping ones that could not run beside this one", async () => {
    const pools = {
      method: 'lexical' as const,
      high: [
        { environmentId: id('b'), tool: 't_b', similarity: 0.9 },
        { environmentId: id('c'), tool: 't_c', similarity: 0.95 },
      ],
      medium: [
        { environmentId: id('d'), tool: 't_d', similarity: 0.5 },
        { environmentId: id('e'), tool: 't_e', similarity: 0.6 },
      ],
      low: [
        { environmentId: id('f'), tool: 't_f', similarity: 0.1 },
        { environmentId: id('9'), tool: 't_9', similarity: 0.2 },
      ],
    };
    const main = env('a', { distractors: pools });
    const { bus } = fakeBus([
      main,
      env('b'),
      env('c', { setup: 'state = {}' }),
      env('d', { language: 'zh' }),
      env('e', { tools: [tool('t_e', 'javascript')] }),
      env('f'),
    ]);
    const source = new EnvironmentSource(bus, config());
    const tools = await source.distractors(main, { perBand: 2, bands: ['high', 'medium', 'low'] }, 7);
    // c needs setup, d is in another language, e's tool in another sandbox language, 9 is unknown.
    expect(tools.map((t) => [t.environmentId, t.band, t.tool.name]).sort((x, y) => x.join().localeCompare(y.join()))).toEqual([
      [id('b'), 'high', 't_b'],
      [id('f'), 'low', 't_f'],
    ]);
  });
});
