// The entry point the service calls: one graph in, replayable chains out.

import { ToolChain, ToolGraph } from '../tool-graph.types';
import { SamplingOptions, compileGraph, enumerateChains, sampleChains } from './chain-sampler';
import { Xoshiro128, hashSeed } from './prng.util';

/** Sampling request: random walks (seeded) or every simple path within the bounds (small servers). */
export interface ChainSamplingRequest extends Partial<SamplingOptions> {
  seed: number;
  mode?: 'random' | 'exhaustive';
}

/** Samples chains for one server; the stream is seeded by (seed, server name) so servers do not share draws. */
export function sampleServerChains(graph: ToolGraph, request: ChainSamplingRequest): ToolChain[] {
  const compiled = compileGraph(graph);
  const chains =
    request.mode === 'exhaustive'
      ? enumerateChains(compiled, request)
      : sampleChains(compiled, new Xoshiro128(hashSeed(graph.server, request.seed)), request);
  return chains.map((tools) => ({ server: graph.server, tools }));
}
