import { ToolGraph } from '../tool-graph.types';
import { compileGraph, enumerateChains, sampleChains } from './chain-sampler';
import { Xoshiro128 } from './prng.util';
import { sampleServerChains } from './sample-server-chains.util';

const e = (from: string, to: string, weight = 1) => ({ from, to, weight, evidence: [] });
const graph: ToolGraph = {
  server: 'g',
  strategy: 'test',
  tools: ['a', 'b', 'c', 'd', 'e'],
  rejected: [],
  edges: [e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd'), e('a', 'd', 0.1), e('d', 'e')],
};

describe('chain sampling', () => {
  it('replays the same chains from the same seed and differs across seeds', () => {
    const one = sampleServerChains(graph, { seed: 7, maxChains: 10 });
    expect(sampleServerChains(graph, { seed: 7, maxChains: 10 })).toEqual(one);
    expect(sampleServerChains(graph, { seed: 8, maxChains: 10 })).not.toEqual(one);
  });

  it('produces distinct, acyclic chains within the length bounds that follow edges', () => {
    const edges = new Set(graph.edges.map((x) => `${x.from}>${x.to}`));
    const chains = sampleChains(compileGraph(graph), new Xoshiro128(1), { minLength: 2, maxLength: 4, maxChains: 100 });
    expect(chains.length).toBeGreaterThan(5);
    expect(new Set(chains.map((c) => c.join())).size).toBe(chains.length);
    for (const c of chains) {
      expect(c.length).toBeGreaterThanOrEqual(2);
      expect(c.length).toBeLessThanOrEqual(4);
      expect(new Set(c).size).toBe(c.length);
      for (let i = 0; i + 1 < c.length; i += 1) expect(edges.has(`${c[i]}>${c[i + 1]}`)).toBe(true);
    }
  });

  it('revisits tools only when cycles are allowed', () => {
    const chains = sampleChains(compileGraph(graph), new Xoshiro128(3), {
      minLength: 4,
      maxLength: 4,
      allowCycles: true,
      maxChains: 200,
      maxAttempts: 5000,
    });
    expect(chains.some((c) => new Set(c).size < c.length)).toBe(true);
  });

  it('follows edge weights', () => {
    const star: ToolGraph = { ...graph, tools: ['s', 'x', 'y'], edges: [e('s', 'x', 9), e('s', 'y', 1)] };
    const g = compileGraph(star);
    const rng = new Xoshiro128(11);
    let x = 0;
    for (let i = 0; i < 2000; i += 1) if (sampleChains(g, rng, { maxChains: 1 })[0]?.[1] === 'x') x += 1;
    expect(x / 2000).toBeGreaterThan(0.85);
    expect(x / 2000).toBeLessThan(0.95);
  });

  it('enumerates every simple path within the bounds, capped', () => {
    const all = enumerateChains(compileGraph(graph), { minLength: 2, maxLength: 3, maxChains: 1000 });
    expect(all.map((c) => c.join('')).sort()).toEqual(
      ['ab', 'abc', 'ad', 'ade', 'bc', 'bca', 'bcd', 'ca', 'cab', 'cad', 'cd', 'cde', 'de'].sort(),
    );
    expect(enumerateChains(compileGraph(graph), { maxChains: 3 })).toHaveLength(3);
  });
});
