// Sandbox benchmark: latency and throughput of a small tool call on the warm pools (Python on Pyodide, JavaScript on
// QuickJS), directly and through the NATS RPC, against a baseline that starts a python3 process per call.
// Run: node -r @swc-node/register bench/sandbox/sandbox.bench.ts   (needs nats-server on NATS_URL)
import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { EnvironmentBundle, SandboxResult } from '@astra/contracts';
import { deleteNamespace, NatsBus } from '@astra/platform/bus';
import { EnvironmentSessions } from '../../apps/verifier/src/environment-session/environment-sessions';
import { SandboxRunner } from '../../apps/verifier/src/sandbox/sandbox-runner';
import { loadVerifierConfig, sandboxSettings } from '../../apps/verifier/src/verifier.config';
import { VerifierModule } from '../../apps/verifier/src/verifier.module';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const TARGET_SPEEDUP = 50;
const TARGET_NATS_RPS = 2_000;
const SESSIONS = 8;

const TOOL_PY = 'def convert(amount, rate):\n    return {"amount": round(amount * rate, 2), "currency": "EUR"}';
const TOOL_JS = 'function convert({ amount, rate }) { return { amount: Math.round(amount * rate * 100) / 100, currency: "EUR" }; }';
const bundle = (language: 'python' | 'javascript'): EnvironmentBundle => ({
  language,
  tools: [{ name: 'convert', code: language === 'python' ? TOOL_PY : TOOL_JS }],
});

interface Row {
  name: string;
  p50: number;
  p99: number;
  rps: number;
}

type Call = () => Promise<unknown>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Sequential calls for latency, then `concurrency` calls in flight for throughput. */
async function measure(
  name: string,
  call: Call,
  opts: { latencyCalls: number; throughputCalls: number; concurrency: number },
): Promise<Row> {
  for (let i = 0; i < Math.min(50, opts.latencyCalls); i++) await call(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < opts.latencyCalls; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next++ < opts.throughputCalls) await call();
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  const rps = opts.throughputCalls / ((performance.now() - started) / 1000);
  return { name, p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), rps };
}

function expectOk(result: SandboxResult): SandboxResult {
  if (result.status !== 'ok') throw new Error(`tool call failed: ${JSON.stringify(result)}`);
  return result;
}

/**
 * The interpreter itself, not a version-manager shim in front of it (a pyenv shim is a shell script that adds
 * hundreds of milliseconds per start and would flatter the sandbox).
 */
const PYTHON3 = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

/** What a per-request sandbox does: a fresh python3 process per call. */
function python3Call(): Promise<unknown> {
  const script = `import json, sys\n${TOOL_PY}\nprint(json.dumps(convert(**json.loads(sys.argv[1]))))`;
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON3, ['-I', '-c', script, JSON.stringify({ amount: 12.5, rate: 0.92 })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`python3 exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const config = loadVerifierConfig({
    NATS_URL,
    ASTRA_NAMESPACE: `bench_${randomBytes(4).toString('hex')}`,
    SANDBOX_PYTHON_WORKERS: '2',
    SANDBOX_JS_WORKERS: '2',
    ASTRA_INSECURE_LOCAL_BUS: 'true',
  });
  const app = await NestFactory.createApplicationContext(VerifierModule.forRoot({ config }), { logger: false });
  await app.init();
  const runner = app.get(SandboxRunner);
  await runner.started();
  const sessions = app.get(EnvironmentSessions);
  const client = await new NatsBus({ service: 'rollout-broker', servers: NATS_URL, namespace: config.ASTRA_NAMESPACE }).connect();
  const rows: Row[] = [];
  const args = { amount: 12.5, rate: 0.92 };
  try {
    rows.push(await measure('python3 process per call (baseline)', python3Call, { latencyCalls: 20, throughputCalls: 20, concurrency: 2 }));
    for (const language of ['python', 'javascript'] as const) {
      // Many rollouts at once: calls round-robin over sessions, which the pool spreads over its workers.
      const direct = await Promise.all(Array.from({ length: SESSIONS }, () => sessions.open({ bundle: bundle(language) })));
      let d = 0;
      const directCall = async () => {
        const sessionId = (direct[d++ % SESSIONS] as { sessionId: string }).sessionId;
        return expectOk(await sessions.call({ sessionId, tool: 'convert', arguments: args }));
      };
      rows.push(
        await measure(`${language} tool call, direct`, directCall, { latencyCalls: 2_000, throughputCalls: 20_000, concurrency: 64 }),
      );
      const remote = await Promise.all(
        Array.from({ length: SESSIONS }, () => client.request('sandbox.session.open', { bundle: bundle(language) })),
      );
      let r = 0;
      const natsCall = async () => {
        const sessionId = (remote[r++ % SESSIONS] as { sessionId: string }).sessionId;
        return expectOk(await client.request('sandbox.tool.call', { sessionId, tool: 'convert', arguments: args }));
      };
      rows.push(
        await measure(`${language} tool call, NATS RPC`, natsCall, { latencyCalls: 1_000, throughputCalls: 20_000, concurrency: 256 }),
      );
    }
  } finally {
    await client.close();
    await app.close();
    await deleteNamespace(NATS_URL, config.ASTRA_NAMESPACE as string);
  }
  process.exitCode = report(rows, sandboxSettings(config).pythonWorkers) ? 0 : 1;
}

function report(rows: Row[], pythonWorkers: number): boolean {
  const [baseline] = rows;
  if (!baseline) return false;
  const table = rows.map((r) => ({
    case: r.name,
    'p50 ms': r.p50.toFixed(3),
    'p99 ms': r.p99.toFixed(3),
    'calls/s': Math.round(r.rps),
    'p50 vs baseline': `${(baseline.p50 / r.p50).toFixed(0)}x`,
  }));
  console.table(table);
  const find = (name: string) => rows.find((r) => r.name === name) as Row;
  const checks = [
    {
      what: `python direct p50 >= ${TARGET_SPEEDUP}x lower than baseline`,
      ok: baseline.p50 / find('python tool call, direct').p50 >= TARGET_SPEEDUP,
    },
    {
      what: `javascript direct p50 >= ${TARGET_SPEEDUP}x lower than baseline`,
      ok: baseline.p50 / find('javascript tool call, direct').p50 >= TARGET_SPEEDUP,
    },
    { what: `python through NATS >= ${TARGET_NATS_RPS} calls/s`, ok: find('python tool call, NATS RPC').rps >= TARGET_NATS_RPS },
    { what: `javascript through NATS >= ${TARGET_NATS_RPS} calls/s`, ok: find('javascript tool call, NATS RPC').rps >= TARGET_NATS_RPS },
  ];
  for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.what}`);
  console.log(`(${pythonWorkers} Pyodide workers, ${new Date().toISOString()})`);
  return checks.every((c) => c.ok);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
