// Quality of the structural strategy against hand-labelled edges of the three MCP reference servers.
import gold from '../fixtures/gold-edges.json';
import memory from '../fixtures/memory.tools.json';
import filesystem from '../fixtures/filesystem.tools.json';
import everything from '../fixtures/everything.tools.json';
import { serverFromMcpTools, McpToolListing } from '../mcp-tools.util';
import { StructuralStrategy } from './structural.strategy';

const fixtures: { name: string; tools: McpToolListing[] }[] = [memory, filesystem, everything] as never;

describe('structural strategy on the MCP reference servers', () => {
  it('reaches recall >= 0.8 and precision >= 0.6 on the gold edges', async () => {
    const strategy = new StructuralStrategy();
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const lines: string[] = [];
    for (const fx of fixtures) {
      const graph = await strategy.detect(serverFromMcpTools(fx.name, fx.tools), {});
      const expected = new Set(gold.edges.filter((e) => e.server === fx.name).map((e) => `${e.from}>${e.to}`));
      const predicted = new Set(graph.edges.map((e) => `${e.from}>${e.to}`));
      const hit = [...predicted].filter((k) => expected.has(k)).length;
      tp += hit;
      fp += predicted.size - hit;
      fn += expected.size - hit;
      lines.push(`${fx.name}: predicted ${predicted.size}, gold ${expected.size}, correct ${hit}`);
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`${lines.join('\n')}\nstructural precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}`);
    expect(recall).toBeGreaterThanOrEqual(0.8);
    expect(precision).toBeGreaterThanOrEqual(0.6);
  });

  it('records which output field fed which parameter', async () => {
    const graph = await new StructuralStrategy().detect(serverFromMcpTools('memory', memory.tools as never), {});
    const edge = graph.edges.find((e) => e.from === 'search_nodes' && e.to === 'delete_entities');
    expect(edge?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'schema-field', outputField: 'entities[].name', parameter: 'entityNames' }),
    );
    for (const e of graph.edges) expect(e.weight).toBeGreaterThan(0);
    for (const e of graph.edges) expect(e.weight).toBeLessThanOrEqual(1);
  });

  it('never gives an edge into a tool that takes no parameters', async () => {
    const graph = await new StructuralStrategy().detect(serverFromMcpTools('memory', memory.tools as never), {});
    expect(graph.edges.filter((e) => e.to === 'read_graph')).toEqual([]);
  });

  it('drops every edge when the threshold is above any possible weight', async () => {
    const graph = await new StructuralStrategy({ edgeThreshold: 1.01 }).detect(serverFromMcpTools('memory', memory.tools as never), {});
    expect(graph.edges).toEqual([]);
  });
});
