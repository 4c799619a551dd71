// Overhead of the LLM client over a raw undici request to the same test server (cache off).
//   node -r @swc-node/register bench/llm-client/llm-client.bench.ts [--rounds N] [--window-ms M] [--concurrency 1,8,64]
// Targets: < 1 ms added at p50; client throughput at 64 concurrent calls within 10% of raw. Exit 1 when missed.
// Besides calls/s it reports the bench process's CPU per call (process.cpuUsage over each window): the server shares
// the machine, so calls/s moves with the neighbours' load, while CPU per call is what the client itself costs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { LlmClient, parseLlmConfig } from '../../libs/platform/llm/src';

const args = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    'window-ms': { type: 'string', default: '600' },
    concurrency: { type: 'string', default: '1,8,64' },
  },
}).values;
const LATENCY_CALLS = 3000;
const WINDOW_MS = Number(args['window-ms']);
const ROUNDS = Number(args.rounds); // pairs in alternating order; the median pair decides, so one burst skews one pair only
const CONCURRENCY = args.concurrency.split(',').map(Number);
const messages = [
  { role: 'system' as const, content: 'You are a strict judge. Answer with JSON.' },
  { role: 'user' as const, content: 'Task: book a flight to Oslo for two. Trajectory: called search_flights, then book. Did it succeed?' },
];

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-'));
  const rules = join(dir, 'rules.json');
  writeFileSync(rules, JSON.stringify({ rules: [{ reply: { content: '{"verdict":"pass","score":9}' } }] }));
  const entry = resolve(__dirname, '../../tools/llm-test-server.ts');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry, '--port', '0', '--rules', rules], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
    child.stdout?.on('data', (d: Buffer) => {
      const m = /listening on (\S+)/.exec(d.toString());
      if (m?.[1]) ok(m[1]);
    });
  });
  return { child, url };
}

type Call = () => Promise<unknown>;
/** One throughput window: calls per second, CPU microseconds of this process per call, and CPU use of one core. */
interface Window {
  rate: number;
  cpuUs: number;
  cpuShare: number;
}
interface Pair {
  raw: Window;
  client: Window;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Sequential latencies, raw and client interleaved in blocks so drift hits both alike. */
async function latency(raw: Call, client: Call): Promise<{ raw: number[]; client: number[] }> {
  const out = { raw: [] as number[], client: [] as number[] };
  for (let block = 0; block < LATENCY_CALLS / 250; block++) {
    const order = block % 2 === 0 ? (['raw', 'client'] as const) : (['client', 'raw'] as const);
    for (const name of order) {
      const fn = name === 'raw' ? raw : client;
      for (let i = 0; i < 250; i++) {
        const t = performance.now();
        await fn();
        out[name].push(performance.now() - t);
      }
    }
  }
  return { raw: out.raw.sort((a, b) => a - b), client: out.client.sort((a, b) => a - b) };
}

/** Closed-loop throughput: `concurrency` workers call back to back for WINDOW_MS; CPU measured over the same window. */
async function throughput(fn: Call, concurrency: number): Promise<Window> {
  let done = 0;
  const start = performance.now();
  const end = start + WINDOW_MS;
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await fn();
        done++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - start;
  const cpuUs = cpu.user + cpu.system;
  return { rate: done / (wallMs / 1000), cpuUs: cpuUs / done, cpuShare: cpuUs / 1000 / wallMs };
}

/** ROUNDS pairs of windows, raw first in even rounds and client first in odd ones. */
async function pairs(raw: Call, client: Call, concurrency: number): Promise<Pair[]> {
  const out: Pair[] = [];
  await throughput(raw, concurrency); // untimed: the first window after a change of concurrency runs cold
  await throughput(client, concurrency);
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      const r = await throughput(raw, concurrency);
      out.push({ raw: r, client: await throughput(client, concurrency) });
    } else {
      const k = await throughput(client, concurrency);
      out.push({ raw: await throughput(raw, concurrency), client: k });
    }
  }
  return out;
}

function printRounds(concurrency: number, ps: Pair[]): void {
  const rows = ps.map((p, i) => [
    `@${concurrency} #${i + 1}`,
    p.raw.rate.toFixed(0),
    p.client.rate.toFixed(0),
    `${((p.client.rate / p.raw.rate) * 100).toFixed(1)}%`,
    p.raw.cpuUs.toFixed(1),
    p.client.cpuUs.toFixed(1),
    (p.client.cpuUs - p.raw.cpuUs).toFixed(1),
    `${(p.raw.cpuShare * 100).toFixed(0)}% / ${(p.client.cpuShare * 100).toFixed(0)}%`,
  ]);
  printTable(['round', 'raw/s', 'client/s', 'ratio', 'raw cpu µs', 'client cpu µs', 'added µs', 'cpu use raw / client'], rows);
  process.stdout.write('\n');
}

interface Summary {
  ratio: number;
  rawRate: number;
  clientRate: number;
  rawCpu: number;
  clientCpu: number;
  addedCpu: number;
}

/** Medians over rounds; the ratio is the median of per-pair ratios, so a burst in one pair cannot decide. */
function summarise(ps: Pair[]): Summary {
  return {
    ratio: median(ps.map((p) => p.client.rate / p.raw.rate)),
    rawRate: median(ps.map((p) => p.raw.rate)),
    clientRate: median(ps.map((p) => p.client.rate)),
    rawCpu: median(ps.map((p) => p.raw.cpuUs)),
    clientCpu: median(ps.map((p) => p.client.cpuUs)),
    addedCpu: median(ps.map((p) => p.client.cpuUs - p.raw.cpuUs)),
  };
}

function makeCalls(url: string): { raw: Call; client: Call; close: () => Promise<void> } {
  const pool = new Pool(url, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  const params = { temperature: 0, max_tokens: 256, seed: 1 };
  const llm = new LlmClient(
    parseLlmConfig({
      roles: { judge: { endpoints: [{ baseUrl: `${url}/v1`, maxConcurrency: 64 }], model: 'bench-model', params, timeoutMs: 30_000 } },
    }),
  );
  const raw: Call = async () => {
    const res = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, model: 'bench-model', messages }),
    });
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    return JSON.parse(await res.body.text());
  };
  const client: Call = () => llm.chat('judge', { messages });
  return {
    raw,
    client,
    close: async () => {
      await llm.close();
      await pool.close();
    },
  };
}

async function run(raw: Call, client: Call): Promise<boolean> {
  for (let i = 0; i < 300; i++) await Promise.all([raw(), client()]); // warm up JIT and connections
  const lat = await latency(raw, client);
  const added = percentile(lat.client, 50) - percentile(lat.raw, 50);
  const summaries = new Map<number, Summary>();
  for (const c of CONCURRENCY) {
    const ps = await pairs(raw, client, c);
    printRounds(c, ps);
    summaries.set(c, summarise(ps));
  }
  const p = (xs: number[], q: number) => percentile(xs, q).toFixed(3);
  const rows = [
    ['latency p50 ms', p(lat.raw, 50), p(lat.client, 50), `${added.toFixed(3)} added`],
    ['latency p99 ms', p(lat.raw, 99), p(lat.client, 99), `${(percentile(lat.client, 99) - percentile(lat.raw, 99)).toFixed(3)} added`],
  ];
  for (const [c, s] of summaries) {
    rows.push([`calls/s @${c}`, s.rawRate.toFixed(0), s.clientRate.toFixed(0), `${(s.ratio * 100).toFixed(1)}% of raw`]);
    rows.push([`cpu µs/call @${c}`, s.rawCpu.toFixed(1), s.clientCpu.toFixed(1), `${s.addedCpu.toFixed(1)} added`]);
  }
  printTable([`measure (median of ${ROUNDS} rounds)`, 'raw undici', 'LlmClient', 'difference'], rows);
  const ratio64 = summaries.get(64)?.ratio ?? Number.NaN;
  process.stdout.write(
    `\ntargets: p50 added ${added.toFixed(3)} ms (< 1 ms) ${added < 1 ? 'met' : 'MISSED'}; ` +
      `throughput @64 ${(ratio64 * 100).toFixed(1)}% of raw (>= 90%) ${ratio64 >= 0.9 ? 'met' : 'MISSED'}\n`,
  );
  return added < 1 && ratio64 >= 0.9;
}

async function main(): Promise<void> {
  const { child, url } = await startServer();
  const calls = makeCalls(url);
  try {
    process.exitCode = (await run(calls.raw, calls.client)) ? 0 : 1;
  } finally {
    await calls.close();
    child.kill('SIGTERM');
  }
}

function printTable(header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  for (const r of all) process.stdout.write(r.map((c, i) => c.padEnd(widths[i] as number)).join('  ') + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
