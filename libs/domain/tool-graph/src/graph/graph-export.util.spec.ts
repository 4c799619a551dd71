import { ToolGraph } from '../tool-graph.types';
import { graphFromJson, graphToDot, graphToJson, graphToMermaid, graphToText } from './graph-export.util';

const graph: ToolGraph = {
  server: 'odd "server"',
  strategy: 'structural',
  tools: ['say "hi"', 'back\\slash', 'pipe|<b>'],
  edges: [
    {
      from: 'back\\slash',
      to: 'say "hi"',
      weight: 0.6,
      kind: 'session',
      evidence: [{ kind: 'state', rule: 'session', cue: 'logs in', score: 0.6 }],
    },
    { from: 'say "hi"', to: 'pipe|<b>', weight: 0.756, kind: 'data', evidence: [] },
  ],
  rejected: [],
};

describe('graph exports', () => {
  it('round-trips through JSON', () => {
    expect(graphFromJson(graphToJson(graph))).toEqual(graph);
    expect(() => graphFromJson('{"edges":[]}')).toThrow(/not a ToolGraph/);
  });

  it('escapes quotes and backslashes in DOT', () => {
    const dot = graphToDot(graph);
    expect(dot).toContain('"say \\"hi\\"" -> "pipe|<b>" [label="0.76 data"];');
    expect(dot).toContain('"back\\\\slash" -> "say \\"hi\\"" [label="0.60 session", style=dashed];');
    expect(dot).toContain('"back\\\\slash";');
  });

  it('uses generated ids and entity-escaped labels in Mermaid', () => {
    const m = graphToMermaid(graph);
    expect(m).toContain('n0["say #34;hi#34;"]');
    expect(m).toContain('n2["pipe#124;#60;b#62;"]');
    expect(m).toContain('n0 -->|0.76 data| n2');
    expect(m).toContain('n1 -.->|0.60 session| n0');
  });

  it('renders an adjacency list with weights and kinds', () => {
    expect(graphToText(graph).split('\n')).toEqual([
      'odd "server" (structural): 3 tools, 2 edges (data 1, session 1)',
      '  say "hi" ->',
      '      0.76  data        pipe|<b>',
      '  back\\slash ->',
      '      0.60  session     say "hi"',
      '  pipe|<b>',
    ]);
  });

  it('reads an edge stored before kinds existed as data', () => {
    const old = graphFromJson(JSON.stringify({ ...graph, edges: [{ from: 'say "hi"', to: 'pipe|<b>', weight: 0.5, evidence: [] }] }));
    expect(graphToText(old)).toContain('0.50  data        pipe|<b>');
  });
});
