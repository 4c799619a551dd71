import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OtlpTraceReceiver, type ReceivedSpan, waitFor } from '@astra/testing';
import { E2E } from './support/e2e.config';
import { GraphMinerHarness } from './support/graph-miner-harness';
import { astra, ServiceProcess } from './support/processes';

// Project-level testTimeout in jest.config.js is not applied by Jest 30 (it is a global option), so set it here.
jest.setTimeout(300_000);

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** The JSON log lines a service wrote. */
function logLines(service: ServiceProcess): Array<Record<string, unknown>> {
  return service.output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('one trace per run: the CLI, graph-miner and the verifier as processes exporting over OTLP/HTTP', () => {
  const receiver = new OtlpTraceReceiver();
  const gm = new GraphMinerHarness();
  const workDir = mkdtempSync(join(tmpdir(), 'astra-e2e-trace-'));
  let verifier: ServiceProcess | undefined;
  let otel: Record<string, string>;

  const inTrace = (traceId: string) => receiver.spans().filter((s) => s.traceId === traceId);
  const named = (spans: ReceivedSpan[], service: string, name: string) => spans.filter((s) => s.service === service && s.name === name);
  const byId = (spans: ReceivedSpan[], id: string | undefined) => spans.find((s) => s.spanId === id);

  beforeAll(async () => {
    await receiver.start();
    // Spans leave a service within 200 ms of ending; metrics are not collected by this receiver.
    otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_METRICS_EXPORTER: 'none', OTEL_BSP_SCHEDULE_DELAY: '200' };
    const services = { ...otel, OTEL_SDK_DISABLED: 'false', LOG_LEVEL: 'debug' };
    verifier = new ServiceProcess('verifier', {
      ...services,
      NATS_URL: E2E.natsUrl,
      ASTRA_NAMESPACE: gm.namespace,
      PORT: '0',
      SANDBOX_PYTHON_WORKERS: '1',
      SANDBOX_JS_WORKERS: '1',
    });
    await Promise.all([gm.start(services), verifier.ready(180_000)]);
  });

  afterAll(async () => {
    verifier?.kill();
    await gm.dispose();
    await receiver.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('joins two CLI commands by TRACEPARENT and a run id into one trace over all three services, and logs carry both ids', async () => {
    const traceId = hex(16);
    const scriptSpan = hex(8);
    const runId = `e2e-run-${hex(4)}`;
    const joined = { ...gm.cliEnv, ...otel, TRACEPARENT: `00-${traceId}-${scriptSpan}-01` };
    const imported = await astra(['catalog', 'import', 'mcp:memory'], { ...joined, ASTRA_RUN_ID: runId });
    expect(imported.stderr).not.toMatch(/^error/m);
    expect(imported.code).toBe(0);
    const file = join(workDir, 'hello.py');
    writeFileSync(file, 'print("hello from the sandbox")\n');
    const ran = await astra(['sandbox', 'run', file, '--run-id', runId], joined);
    expect(ran.stdout).toBe('hello from the sandbox\n');
    expect(ran.code).toBe(0);

    const expected = [
      'cli astra catalog import',
      'cli astra sandbox run',
      'graph-miner process astra.command.catalog.import.requested.v2',
      'graph-miner ImportCatalogUseCase.execute',
      'verifier process astra.rpc.sandbox.code.execute.v1',
      'verifier sandbox python',
    ];
    const spans = await waitFor(
      () => {
        const found = inTrace(traceId);
        const names = new Set(found.map((s) => `${s.service} ${s.name}`));
        return expected.every((name) => names.has(name)) && found;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `spans of trace ${traceId} from cli, graph-miner and verifier` },
    );
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['cli', 'graph-miner', 'verifier']));
    expect(receiver.rejected).toEqual([]);

    // Each CLI command is one span under the script's; each service's consumer span is the child of a CLI send span.
    const [importCommand] = named(spans, 'cli', 'astra catalog import');
    const [runCommand] = named(spans, 'cli', 'astra sandbox run');
    for (const command of [importCommand, runCommand]) {
      expect(command).toMatchObject({ parentSpanId: scriptSpan, attributes: { 'astra.run_id': runId } });
    }
    const [imports] = named(spans, 'graph-miner', 'process astra.command.catalog.import.requested.v2');
    expect(byId(spans, imports?.parentSpanId)).toMatchObject({
      service: 'cli',
      name: 'send astra.command.catalog.import.requested.v2',
      parentSpanId: importCommand?.spanId,
    });
    const statusPolls = named(spans, 'graph-miner', 'process astra.rpc.catalog.import.status.v2');
    expect(statusPolls.length).toBeGreaterThan(0);
    for (const poll of statusPolls) expect(byId(spans, byId(spans, poll.parentSpanId)?.parentSpanId)).toBe(importCommand);
    const [useCase] = named(spans, 'graph-miner', 'ImportCatalogUseCase.execute');
    expect(useCase?.parentSpanId).toBe(imports?.spanId);

    const [executes] = named(spans, 'verifier', 'process astra.rpc.sandbox.code.execute.v1');
    expect(byId(spans, executes?.parentSpanId)).toMatchObject({
      service: 'cli',
      name: 'send astra.rpc.sandbox.code.execute.v1',
      parentSpanId: runCommand?.spanId,
    });
    const [sandbox] = named(spans, 'verifier', 'sandbox python');
    expect(spans.some((s) => s.spanId === sandbox?.parentSpanId && s.service === 'verifier')).toBe(true);
    for (const span of spans.filter((s) => s.name.startsWith('process ') || s.name.startsWith('send '))) {
      expect(span.attributes['astra.run_id']).toBe(runId);
    }

    // Every line a service wrote while handling this run's messages carries the trace and the run.
    const handled = [...logLines(gm.service), ...logLines(verifier as ServiceProcess)].filter(
      (l) => l['context'] === 'MessageBus' && l['run_id'] === runId,
    );
    expect(handled.map((l) => `${l['service']} ${l['msg']}`)).toEqual(
      expect.arrayContaining([
        'graph-miner handled catalog.import.requested: ack',
        'graph-miner handled catalog.import.status: rpc_ok',
        'verifier handled sandbox.code.execute: rpc_ok',
      ]),
    );
    for (const line of handled) expect(line).toMatchObject({ trace_id: traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const handling = logLines(gm.service).filter(
      (l) => l['key'] === 'catalog.import.requested' && l['message_id'] === imports?.attributes['messaging.message.id'],
    );
    expect(handling).toEqual([expect.objectContaining({ run_id: runId, trace_id: traceId, span_id: imports?.spanId })]);
  });

  it('makes a command without TRACEPARENT its own trace, under a fresh run id', async () => {
    const listed = await astra(['catalog', 'ls'], { ...gm.cliEnv, ...otel });
    expect(listed.code).toBe(0);
    const command = await waitFor(() => receiver.spans().find((s) => s.name === 'astra catalog ls'), {
      timeoutMs: 30_000,
      what: 'the catalog ls span',
    });
    expect(command.parentSpanId).toBeUndefined();
    const runId = command.attributes['astra.run_id'];
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const processed = await waitFor(() => named(inTrace(command.traceId), 'graph-miner', 'process astra.rpc.catalog.servers.list.v2')[0], {
      timeoutMs: 30_000,
      what: 'graph-miner span of catalog ls',
    });
    expect(processed.attributes['astra.run_id']).toBe(runId);
    const lines = logLines(gm.service).filter((l) => l['run_id'] === runId);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'handled catalog.servers.list: rpc_ok', trace_id: command.traceId, span_id: processed.spanId }),
    ]);
  });

  it('still keeps each command one trace when the CLI itself exports nothing', async () => {
    const runId = `e2e-quiet-${hex(4)}`;
    const imported = await astra(['catalog', 'import', 'mcp:memory'], { ...gm.cliEnv, ASTRA_RUN_ID: runId });
    expect(imported.code).toBe(0);
    const processed = await waitFor(
      () => {
        const found = receiver.spans().filter((s) => s.attributes['astra.run_id'] === runId && s.name.startsWith('process '));
        const names = new Set(found.map((s) => s.name));
        return (
          names.has('process astra.command.catalog.import.requested.v2') && names.has('process astra.rpc.catalog.import.status.v2') && found
        );
      },
      { timeoutMs: 30_000, what: 'graph-miner spans of the import and its status polls' },
    );
    // No CLI span is exported, yet the command and its polls are one trace under the CLI's root ids.
    expect(new Set(processed.map((s) => s.traceId)).size).toBe(1);
    expect(new Set(processed.map((s) => s.parentSpanId)).size).toBe(1);
    expect(processed[0]?.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(inTrace(processed[0]?.traceId ?? '').filter((s) => s.service === 'cli')).toEqual([]);
  });
});
