import { ToolGraph, ToolServer } from '../tool-graph.types';
import { edgesFromProposals, mergeHybrid } from './proposal-edges.util';

const tool = (name: string) => ({ name, description: '', parameters: { type: 'object', properties: {} } });
const server: ToolServer = { name: 's', tools: [tool('a'), tool('b'), tool('c')] };

describe('edgesFromProposals', () => {
  it('weights edges by proposal frequency and records unknown names', () => {
    const g = edgesFromProposals(server, [{ tools: ['a', 'b', 'c'] }, { tools: ['a', 'b'] }, { tools: ['a', 'zz', 'c'] }]);
    const ab = g.edges.find((e) => e.from === 'a' && e.to === 'b');
    const bc = g.edges.find((e) => e.from === 'b' && e.to === 'c');
    expect(ab?.weight).toBe(1);
    expect(bc?.weight).toBe(0.5);
    expect(g.rejected).toEqual(['zz']);
    expect(g.edges.some((e) => e.from === 'a' && e.to === 'c')).toBe(false);
  });
});

describe('mergeHybrid', () => {
  const structural: ToolGraph = {
    server: 's',
    strategy: 'structural',
    tools: ['a', 'b', 'c'],
    rejected: [],
    edges: [
      { from: 'a', to: 'b', weight: 0.5, evidence: [{ kind: 'lexical', parameter: 'x', score: 0.5 }] },
      { from: 'b', to: 'c', weight: 0.5, evidence: [{ kind: 'lexical', parameter: 'y', score: 0.5 }] },
    ],
  };
  it('raises confirmed edges, drops rejected ones and adds model-only edges at a discount', () => {
    const additions = edgesFromProposals(server, [{ tools: ['c', 'a'] }, { tools: ['b', 'c'] }]);
    const g = mergeHybrid(
      structural,
      [
        { from: 'a', to: 'b', confirmed: true },
        { from: 'b', to: 'c', confirmed: false },
      ],
      additions,
    );
    expect(g.edges.find((e) => e.from === 'a' && e.to === 'b')?.weight).toBeCloseTo(0.9);
    expect(g.edges.find((e) => e.from === 'b' && e.to === 'c')).toBeUndefined();
    expect(g.edges.find((e) => e.from === 'c' && e.to === 'a')?.weight).toBeCloseTo(0.7);
    expect(g.strategy).toBe('hybrid');
  });
});
