import { ToolGraph } from '../tool-graph.types';
import { graphFromJson, graphToDot, graphToJson, graphToMermaid, graphToText } from './graph-export.util';

const graph: ToolGraph = {
  server: 'odd "server"',
  strategy: 'structural',
  tools: ['say "hi"', 'back\\slash', 'pipe|<b>'],
  edges: [{ from: 'say "hi"', to: 'pipe|<b>', weight: 0.756, evidence: [] }],
  rejected: [],
};

describe('graph exports', () => {
  it('round-trips through JSON', () => {
    expect(graphFromJson(graphToJson(graph))).toEqual(graph);
    expect(() => graphFromJson('{"edges":[]}')).toThrow(/not a ToolGraph/);
  });

  it('escapes quotes and backslashes in DOT', () => {
    const dot = graphToDot(graph);
    expect(dot).toContain('"say \\"hi\\"" -> "pipe|<b>" [label="0.76"];');
    expect(dot).toContain('"back\\\\slash";');
  });

  it('uses generated ids and entity-escaped labels in Mermaid', () => {
    const m = graphToMermaid(graph);
    expect(m).toContain('n0["say #34;hi#34;"]');
    expect(m).toContain('n2["pipe#124;#60;b#62;"]');
    expect(m).toContain('n0 -->|0.76| n2');
  });

  it('renders an adjacency list with weights', () => {
    expect(graphToText(graph).split('\n')).toEqual([
      'odd "server" (structural): 3 tools, 1 edges',
      '  say "hi" ->',
      '      0.76  pipe|<b>',
      '  back\\slash',
      '  pipe|<b>',
    ]);
  });
});
