// Benchmark: structural mining of synthetic servers, then sampled and provenance-checked chains.
// Run: node -r @swc-node/register bench/graph-mining/graph-mining.bench.ts
import {
  ProvenanceChecker,
  StructuralStrategy,
  ToolServer,
  Xoshiro128,
  compileGraph,
  hashSeed,
  sampleChains,
} from '@astra/domain/tool-graph';
import { generateServers } from './synthetic-servers';

const SEED = 20260131;
const TARGET_TOOLS = 20_000;
const TARGET_CHAINS = 100_000;
const LIMIT_S = 60;
const LIMIT_BYTES = 2 * 1024 ** 3;

interface RunFigures {
  tools: number;
  servers: number;
  edges: number;
  chains: number;
  accepted: number;
  mineS: number;
  sampleS: number;
  totalS: number;
}

let peakHeap = 0;
const notePeak = (): void => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};

function run(toolCount: number, chainTarget: number): RunFigures {
  const t0 = process.hrtime.bigint();
  const servers: ToolServer[] = generateServers(SEED, toolCount);
  const t1 = process.hrtime.bigint();
  const strategy = new StructuralStrategy();
  const graphs = servers.map((s) => strategy.detectSync(s));
  notePeak();
  const t2 = process.hrtime.bigint();
  // Spread the chain budget evenly; the per-server cap is the budget share with headroom for small graphs.
  const perServer = Math.ceil((chainTarget / servers.length) * 1.5);
  let chains = 0;
  let accepted = 0;
  for (const [i, graph] of graphs.entries()) {
    if (chains >= chainTarget) break;
    const checker = new ProvenanceChecker(servers[i] as ToolServer);
    const rng = new Xoshiro128(hashSeed(graph.server, SEED));
    const want = Math.min(perServer, chainTarget - chains);
    for (const chain of sampleChains(compileGraph(graph), rng, { maxChains: want, maxAttempts: want * 20 })) {
      chains += 1;
      if (checker.check(chain).status === 'accepted') accepted += 1;
    }
  }
  notePeak();
  const t3 = process.hrtime.bigint();
  const s = (a: bigint, b: bigint): number => Number(b - a) / 1e9;
  const edges = graphs.reduce((n, g) => n + g.edges.length, 0);
  return { tools: toolCount, servers: servers.length, edges, chains, accepted, mineS: s(t1, t2), sampleS: s(t2, t3), totalS: s(t0, t3) };
}

function main(): void {
  const scales = [2_000, 5_000, 10_000, 20_000];
  // Warm the JIT so the 2k row measures the algorithm rather than compilation.
  run(1_000, 5_000);
  peakHeap = 0;
  const rows = scales.map((tools) => run(tools, Math.round((TARGET_CHAINS * tools) / TARGET_TOOLS)));
  const base = rows[0] as RunFigures;
  console.log('tools   servers  edges    chains   accepted  mine_s  sample+check_s  total_s  time_ratio  tool_ratio');
  for (const r of rows) {
    console.log(
      [r.tools, r.servers, r.edges, r.chains, r.accepted].map((x) => String(x).padEnd(8)).join(' ') +
        ` ${r.mineS.toFixed(2).padEnd(7)} ${r.sampleS.toFixed(2).padEnd(15)} ${r.totalS.toFixed(2).padEnd(8)} ` +
        `${(r.totalS / base.totalS).toFixed(2).padEnd(11)} ${(r.tools / base.tools).toFixed(1)}`,
    );
  }
  const full = rows[rows.length - 1] as RunFigures;
  const rss = process.resourceUsage().maxRSS * 1024;
  console.log(`peak RSS ${(rss / 1024 ** 2).toFixed(0)} MiB, peak heap used ${(peakHeap / 1024 ** 2).toFixed(0)} MiB`);
  const failures: string[] = [];
  if (full.totalS >= LIMIT_S) failures.push(`20k-tool run took ${full.totalS.toFixed(1)} s (limit ${LIMIT_S} s)`);
  if (rss >= LIMIT_BYTES) failures.push(`peak RSS ${rss} bytes (limit 2 GiB)`);
  if (full.chains < TARGET_CHAINS) failures.push(`only ${full.chains} chains sampled (target ${TARGET_CHAINS})`);
  if (full.servers < 1_500) failures.push(`only ${full.servers} servers generated`);
  for (const f of failures) console.error(`TARGET MISSED: ${f}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

main();
