import { graphToJson, type ToolGraph } from '@astra/domain/tool-graph';
import type { CatalogVersionRepository, ToolChainRepository, ToolGraphEntity, ToolGraphRepository } from '@astra/persistence/graph-miner';
import { SampleChainsUseCase } from './sample-chains.use-case';

const edge = (from: string, to: string) => ({ from, to, weight: 1, evidence: [] });
// read and update feed each other: every walk of three tools has to call one of them twice.
const LOOP: ToolGraph = {
  server: 'notes',
  strategy: 'structural',
  tools: ['read', 'update'],
  edges: [edge('read', 'update'), edge('update', 'read')],
  rejected: [],
};

function setup() {
  const stored: string[][] = [];
  const versions = { listLatestServers: async () => [{ name: 'notes' }] } as unknown as CatalogVersionRepository;
  const row = { id: 'g1', serverName: 'notes', serverVersion: 1, strategy: 'structural', graph: graphToJson(LOOP) } as ToolGraphEntity;
  const graphs = { latest: async () => row } as unknown as ToolGraphRepository;
  const chains = {
    addChains: async (_row: unknown, _seed: number, sequences: string[][]) => (stored.push(...sequences), sequences.length),
  } as unknown as ToolChainRepository;
  return { useCase: new SampleChainsUseCase(versions, graphs, chains), stored };
}

const request = { seed: 5, minLength: 3, maxLength: 3, perServer: 10, mode: 'walk' as const };

describe('SampleChainsUseCase', () => {
  it('samples acyclic walks unless cycles are allowed', async () => {
    const acyclic = setup();
    await expect(acyclic.useCase.execute({ ...request, allowCycles: false })).resolves.toMatchObject({ sampled: 0 });
    expect(acyclic.stored).toEqual([]);

    const cyclic = setup();
    const result = await cyclic.useCase.execute({ ...request, allowCycles: true });
    expect(result.sampled).toBe(2);
    expect(cyclic.stored.map((c) => c.join('>')).sort()).toEqual(['read>update>read', 'update>read>update']);
  });
});
