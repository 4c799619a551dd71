import { TaskGenerationRequestSchema } from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';
import { TaskInputs } from './task-inputs';

const tool = (name: string) => ({
  name,
  description: `does ${name}`,
  version: 1,
  contentHash: 'h',
  openai: { type: 'function', function: { name, parameters: { type: 'object', properties: { q: { type: 'string' } } } } },
  outputSchema: null,
});

describe('TaskInputs', () => {
  it('pages accepted chains and the servers’ tools, in a stable order, and resolves a job once', async () => {
    const calls: [string, Record<string, unknown>][] = [];
    const request = jest.fn((key: string, payload: Record<string, unknown>) => {
      calls.push([key, payload]);
      if (key === 'chains.list') {
        return Promise.resolve(
          payload['cursor'] === undefined
            ? { chains: [{ id: 'c2', server: 'memory', tools: ['a', 'b'], version: 1, seed: 0, verdicts: [] }], nextCursor: 'p2' }
            : { chains: [{ id: 'c1', server: 'memory', tools: ['b', 'a'], version: 1, seed: 0, verdicts: [] }] },
        );
      }
      return Promise.resolve({ server: {}, tools: [tool('a'), tool('b')] });
    });
    const inputs = new TaskInputs({ request } as unknown as MessageBus);
    const req = TaskGenerationRequestSchema.parse({ jobId: 'j', input: { kind: 'chains' }, count: 3 });
    const pool = await inputs.pool(req);
    await inputs.pool(req);
    expect(pool.items.map((i) => (i.kind === 'chain' ? i.chainId : i.kind))).toEqual(['c1', 'c2']);
    expect(calls.filter(([k]) => k === 'chains.list').map(([, p]) => p['status'])).toEqual(['accepted', 'accepted']);
    expect(calls.filter(([k]) => k === 'catalog.server.show')).toHaveLength(1);
    const first = pool.items[0];
    expect(first?.kind === 'chain' && first.serverTools[0]).toEqual({
      name: 'a',
      description: 'does a',
      parameters: { type: 'object', properties: { q: { type: 'string' } } },
      outputSchema: null,
    });
  });
});
