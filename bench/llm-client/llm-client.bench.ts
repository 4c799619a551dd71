// Overhead of the LLM client over a raw undici request to the same test server (cache off).
//   node -r @swc-node/register bench/llm-client/llm-client.bench.ts
// Targets: < 1 ms added at p50; client throughput at 64 concurrent calls within 10% of raw. Exit 1 when missed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { LlmClient, parseLlmConfig } from '../../libs/platform/llm/src';

const LATENCY_CALLS = 3000;
const THROUGHPUT_MS = 800;
const ROUNDS = 3; // alternating order; the median round counts, so a neighbour's burst of CPU skews one round only
const CONCURRENCY = [1, 8, 64];
const messages = [
  { role: 'system' as const, content: 'You are a strict judge. Answer with JSON.' },
  { role: 'user' as const, content: 'Task: book a flight to Oslo for two. Trajectory: called search_flights, then book. Did it succeed?' },
];

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-'));
  const rules = join(dir, 'rules.json');
  writeFileSync(rules, JSON.stringify({ rules: [{ reply: { content: '{"verdict":"pass","score":9}' } }] }));
  const entry = resolve(__dirname, '../../tools/llm-test-server.ts');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry, '--port', '0', '--rules', rules], { stdio: ['ignore', 'pipe', 'inherit'] });
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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Sequential latencies, raw and client interleaved in blocks so drift hits both alike. */
async function latency(raw: Call, client: Call): Promise<{ raw: number[]; client: number[] }> {
  const out = { raw: [] as number[], client: [] as number[] };
  for (let block = 0; block < LATENCY_CALLS / 250; block++) {
    for (const [name, fn] of [['raw', raw], ['client', client]] as const) {
      for (let i = 0; i < 250; i++) {
        const t = performance.now();
        await fn();
        out[name].push(performance.now() - t);
      }
    }
  }
  return { raw: out.raw.sort((a, b) => a - b), client: out.client.sort((a, b) => a - b) };
}

/** Closed-loop throughput: `concurrency` workers call back to back for THROUGHPUT_MS. */
async function throughput(fn: Call, concurrency: number): Promise<number> {
  let done = 0;
  const end = performance.now() + THROUGHPUT_MS;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await fn();
      done++;
    }
  }));
  return done / ((performance.now() - start) / 1000);
}

async function main(): Promise<void> {
  const { child, url } = await startServer();
  const pool = new Pool(url, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  const params = { temperature: 0, max_tokens: 256, seed: 1 };
  const client = new LlmClient(parseLlmConfig({
    roles: { judge: { endpoints: [{ baseUrl: `${url}/v1`, maxConcurrency: 64 }], model: 'bench-model', params, timeoutMs: 30_000 } },
  }));
  const raw: Call = async () => {
    const res = await pool.request({
      path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, model: 'bench-model', messages }),
    });
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    return JSON.parse(await res.body.text());
  };
  const viaClient: Call = () => client.chat('judge', { messages });
  try {
    for (let i = 0; i < 300; i++) await Promise.all([raw(), viaClient()]); // warm up JIT and connections
    const lat = await latency(raw, viaClient);
    const rows: string[][] = [];
    const p = (xs: number[], q: number) => percentile(xs, q).toFixed(3);
    rows.push(['latency p50 ms', p(lat.raw, 50), p(lat.client, 50), (percentile(lat.client, 50) - percentile(lat.raw, 50)).toFixed(3) + ' added']);
    rows.push(['latency p99 ms', p(lat.raw, 99), p(lat.client, 99), (percentile(lat.client, 99) - percentile(lat.raw, 99)).toFixed(3) + ' added']);
    const tput: Record<number, { raw: number; client: number }> = {};
    for (const c of CONCURRENCY) {
      const rs: number[] = [];
      const ks: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        if (round % 2 === 0) {
          rs.push(await throughput(raw, c));
          ks.push(await throughput(viaClient, c));
        } else {
          ks.push(await throughput(viaClient, c));
          rs.push(await throughput(raw, c));
        }
      }
      const r = median(rs);
      const k = median(ks);
      tput[c] = { raw: r, client: k };
      rows.push([`calls/s @${c}`, r.toFixed(0), k.toFixed(0), `${((k / r) * 100).toFixed(1)}% of raw`]);
    }
    printTable(['measure', 'raw undici', 'LlmClient', 'ratio'], rows);
    const added = percentile(lat.client, 50) - percentile(lat.raw, 50);
    const ratio64 = (tput[64] as { raw: number; client: number }).client / (tput[64] as { raw: number; client: number }).raw;
    const ok = added < 1 && ratio64 >= 0.9;
    process.stdout.write(`\ntargets: p50 added ${added.toFixed(3)} ms (< 1 ms) ${added < 1 ? 'met' : 'MISSED'}; ` +
      `throughput @64 ${(ratio64 * 100).toFixed(1)}% of raw (>= 90%) ${ratio64 >= 0.9 ? 'met' : 'MISSED'}\n`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await client.close();
    await pool.close();
    child.kill('SIGTERM');
  }
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
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
