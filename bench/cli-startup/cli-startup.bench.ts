// CLI start-up benchmark: wall time of whole `astra` calls run from the compiled output (dist/cli, what tools/bin/astra
// runs when the build is current) against the same calls through @swc-node/register (what it ran before, and still
// runs while the build is stale), with `node -e 0` as the floor. Also lists the heavy packages each call loads.
// Run: node -r @swc-node/register bench/cli-startup/cli-startup.bench.ts   (needs nats-server on NATS_URL)
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { GraphMinerHarness } from '../../apps/e2e/support/graph-miner-harness';
import { currentBuild } from '../../tools/cli-build-stamp';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'tools/bin/astra');
const TARGET_P50_MS = 500;
const RUNS = { fast: 15, slow: 5 };
/** Packages a CLI call should load only when it needs them (none of them does for help or an RPC). */
const HEAVY =
  /node_modules\/(@nestjs|@opentelemetry\/sdk-[^/]+|@opentelemetry\/auto-instrumentations-node|typeorm|pyodide|quickjs-emscripten|better-sqlite3|pg)\//;

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly runs: number;
  readonly baseline?: string;
  readonly samples: number[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function run(args: readonly string[], env: Record<string, string>): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

/** The packages one call loads, listed by the process itself at exit. */
function heavyPackages(args: readonly string[], env: Record<string, string>): string[] {
  const census = `process.on('exit', () => console.log(JSON.stringify(Object.keys(require.cache)))); require(${JSON.stringify(BIN)});`;
  const result = spawnSync(process.execPath, ['-e', census, 'astra', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const loaded = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
  return [...new Set(loaded.map((file) => HEAVY.exec(file)?.[1]).filter((name): name is string => name !== undefined))];
}

/** Mean cost of the staleness check that tools/bin/astra makes at every call. */
function freshnessCheckMs(): number {
  const started = performance.now();
  for (let i = 0; i < 100; i++) currentBuild(ROOT);
  return (performance.now() - started) / 100;
}

async function main(): Promise<void> {
  if (!currentBuild(ROOT)) throw new Error('dist/cli is missing or stale: run `npm run build:cli` (tools/bench.sh does)');
  const gm = new GraphMinerHarness();
  await gm.start();
  try {
    const env = gm.cliEnv;
    const register = ['-r', '@swc-node/register', join(ROOT, 'apps/cli/src/main.ts')];
    const swcEnv = { ...env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json') };
    const cases: Case[] = [
      { name: 'node -e 0 (floor)', args: ['-e', '0'], env, runs: RUNS.fast, samples: [] },
      { name: 'astra --help, swc-register (baseline)', args: [...register, '--help'], env: swcEnv, runs: RUNS.slow, samples: [] },
      {
        name: 'astra --help, compiled',
        args: [BIN, '--help'],
        env,
        runs: RUNS.fast,
        baseline: 'astra --help, swc-register (baseline)',
        samples: [],
      },
      {
        name: 'astra catalog ls, swc-register (baseline)',
        args: [...register, 'catalog', 'ls'],
        env: swcEnv,
        runs: RUNS.slow,
        samples: [],
      },
      {
        name: 'astra catalog ls, compiled',
        args: [BIN, 'catalog', 'ls'],
        env,
        runs: RUNS.fast,
        baseline: 'astra catalog ls, swc-register (baseline)',
        samples: [],
      },
    ];
    for (const c of cases) run(c.args, c.env); // warm the file cache
    // Rounds interleave the cases, so a neighbour's burst of load falls on all of them alike.
    for (let round = 0; round < RUNS.fast; round++) {
      for (const c of cases) if (round < c.runs) c.samples.push(run(c.args, c.env));
    }
    const census = { help: heavyPackages(['--help'], env), rpc: heavyPackages(['catalog', 'ls'], env) };
    process.exitCode = report(cases, census, freshnessCheckMs()) ? 0 : 1;
  } finally {
    await gm.dispose();
  }
}

function report(cases: Case[], census: { help: string[]; rpc: string[] }, checkMs: number): boolean {
  const p50 = (name: string) =>
    percentile(
      [...(cases.find((c) => c.name === name)?.samples ?? [])].sort((a, b) => a - b),
      0.5,
    );
  console.table(
    cases.map((c) => {
      const sorted = [...c.samples].sort((a, b) => a - b);
      return {
        case: c.name,
        runs: sorted.length,
        'p50 ms': Math.round(percentile(sorted, 0.5)),
        'p90 ms': Math.round(percentile(sorted, 0.9)),
        'min ms': Math.round(sorted[0] ?? NaN),
        'vs baseline': c.baseline ? `${(p50(c.baseline) / percentile(sorted, 0.5)).toFixed(1)}x faster` : '',
      };
    }),
  );
  console.log(`staleness check in tools/bin/astra: ${checkMs.toFixed(2)} ms a call`);
  console.log(`heavy packages loaded: --help [${census.help.join(', ')}], catalog ls [${census.rpc.join(', ')}]`);
  const checks = [
    { what: `astra --help, compiled: p50 < ${TARGET_P50_MS} ms`, ok: p50('astra --help, compiled') < TARGET_P50_MS },
    { what: `astra catalog ls (an RPC), compiled: p50 < ${TARGET_P50_MS} ms`, ok: p50('astra catalog ls, compiled') < TARGET_P50_MS },
    {
      what: 'neither call loads Nest, the OpenTelemetry SDK, TypeORM, database drivers or the sandboxes',
      ok: census.help.length + census.rpc.length === 0,
    },
  ];
  for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.what}`);
  console.log(`(${new Date().toISOString()})`);
  return checks.every((c) => c.ok);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
