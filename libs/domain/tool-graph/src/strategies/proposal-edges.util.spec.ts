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

describe('named dependencies of a model', () => {
  it('give edges the kind the model named most often, data for chain-only pairs', () => {
    const g = edgesFromProposals(
      server,
      [{ tools: ['a', 'b', 'c'] }],
      [
        { from: 'a', to: 'c', kind: 'session' },
        { from: 'a', to: 'c', kind: 'session' },
        { from: 'a', to: 'c', kind: 'context' },
        { from: 'a', to: 'qq', kind: 'check' },
      ],
    );
    expect(g.edges.find((e) => e.from === 'a' && e.to === 'c')).toMatchObject({ kind: 'session', weight: 1 });
    expect(g.edges.find((e) => e.from === 'a' && e.to === 'b')).toMatchObject({ kind: 'data', weight: 1 / 3 });
    expect(g.rejected).toEqual(['qq']);
  });

  it('are kept by the hybrid at full weight when structure cannot see them, while data additions are discounted', () => {
    const empty: ToolGraph = { server: 's', strategy: 'structural', tools: ['a', 'b', 'c'], rejected: [], edges: [] };
    const additions = edgesFromProposals(server, [{ tools: ['b', 'c'] }], [{ from: 'a', to: 'b', kind: 'session' }]);
    const g = mergeHybrid(empty, [], additions);
    expect(g.edges.find((e) => e.from === 'a' && e.to === 'b')).toMatchObject({ kind: 'session', weight: 1 });
    expect(g.edges.find((e) => e.from === 'b' && e.to === 'c')).toMatchObject({ kind: 'data', weight: 0.7 });
  });

  it('turn a structural data edge into the state kind the model names', () => {
    const structural: ToolGraph = {
      server: 's',
      strategy: 'structural',
      tools: ['a', 'b', 'c'],
      rejected: [],
      edges: [{ from: 'a', to: 'b', weight: 0.5, kind: 'data', evidence: [{ kind: 'lexical', parameter: 'x', score: 0.5 }] }],
    };
    const g = mergeHybrid(structural, [], edgesFromProposals(server, [], [{ from: 'a', to: 'b', kind: 'check' }]));
    expect(g.edges.find((e) => e.from === 'a' && e.to === 'b')?.kind).toBe('check');
  });
});
