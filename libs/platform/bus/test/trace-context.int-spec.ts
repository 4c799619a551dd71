import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { BusError } from '@astra/contracts';
import { createLogger, currentRunId, runContext } from '@astra/platform/logging';
import { startTracing, withSpan, type TracingHandle } from '@astra/platform/telemetry';
import { waitFor } from '@astra/testing';
import { NatsBus } from '../src';
import { deleteNamespace, NATS_URL, TEST_REGISTRY, TEST_STREAM, testNamespace, type TestRegistry } from './support/test-registry';

type Line = Record<string, unknown>;
type Seen = { runId?: string; traceId?: string; spanId?: string };

/** A pino logger at debug whose JSON lines the test reads. */
function collectingLogger(service: string) {
  const lines: Line[] = [];
  const logger = createLogger({
    service,
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
  });
  return { lines, logger };
}

function seenNow(): Seen {
  const span = trace.getActiveSpan()?.spanContext();
  return { runId: currentRunId(), traceId: span?.traceId, spanId: span?.spanId };
}

describe('trace context and run id across NATS', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: TracingHandle;
  let namespace: string;
  let cli: NatsBus<TestRegistry>;
  let verifier: NatsBus<TestRegistry>;
  let miner: NatsBus<TestRegistry>;
  const seen = new Map<string, Seen>();
  let verifierLog: ReturnType<typeof collectingLogger>;
  let minerLog: ReturnType<typeof collectingLogger>;

  const options = (service: 'cli' | 'verifier' | 'graph-miner') => ({
    service,
    servers: NATS_URL,
    namespace,
    registry: TEST_REGISTRY,
    streams: [TEST_STREAM],
  });
  const spans = (name: string): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.name === name);

  beforeAll(() => {
    tracing = startTracing({ serviceName: 'bus-test', serviceVersion: 't', env: {}, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  });
  afterAll(() => tracing.shutdown());

  beforeEach(async () => {
    namespace = testNamespace();
    exporter.reset();
    seen.clear();
    verifierLog = collectingLogger('verifier');
    minerLog = collectingLogger('graph-miner');
    cli = await new NatsBus({ ...options('cli'), runId: 'run-cli' }).connect();
    verifier = new NatsBus({ ...options('verifier'), log: verifierLog.logger });
    verifier.register('bustest.job.run', async ({ n, mode }) => {
      seen.set(`job ${n}`, seenNow());
      verifierLog.logger.info({ n }, 'working');
      if (mode === 'fatal') throw new BusError('CONFLICT', `job ${n} refused`);
      await verifier.publish('bustest.job.done', { n });
    });
    verifier.register('bustest.echo', async ({ text, failCode }) => {
      seen.set(`echo ${text}`, seenNow());
      if (failCode) throw new BusError('CONFLICT', 'asked to fail');
      return { text };
    });
    await verifier.start();
    miner = new NatsBus({ ...options('graph-miner'), log: minerLog.logger });
    miner.register('bustest.job.done', async ({ n }) => void seen.set(`done ${n}`, seenNow()));
    await miner.start();
  });

  afterEach(async () => {
    await Promise.all([cli.close(), verifier.close(), miner.close()]);
    await deleteNamespace(namespace);
  });

  it('keeps one trace and one run from a command through the event its handler publishes, in spans and log lines', async () => {
    const root = await withSpan('astra test', {}, async (span) => {
      await cli.publish('bustest.job.run', { n: 1 });
      return span.spanContext();
    });
    await waitFor(
      () => spans('process astra.event.bustest.job.done.v1').length > 0 && spans('send astra.command.bustest.job.run.v1').length > 0,
      { what: 'the event processed' },
    );

    const [sendRun] = spans('send astra.command.bustest.job.run.v1');
    const [processRun] = spans('process astra.command.bustest.job.run.v1');
    const [sendDone] = spans('send astra.event.bustest.job.done.v1');
    const [processDone] = spans('process astra.event.bustest.job.done.v1');
    expect(sendRun?.parentSpanContext?.spanId).toBe(root.spanId);
    expect(processRun?.parentSpanContext?.spanId).toBe(sendRun?.spanContext().spanId);
    expect(sendDone?.parentSpanContext?.spanId).toBe(processRun?.spanContext().spanId);
    expect(processDone?.parentSpanContext?.spanId).toBe(sendDone?.spanContext().spanId);
    expect(processDone?.kind).toBe(SpanKind.CONSUMER);
    for (const span of [sendRun, processRun, sendDone, processDone]) {
      expect(span?.spanContext().traceId).toBe(root.traceId);
      expect(span?.attributes['astra.run_id']).toBe('run-cli');
    }

    expect(seen.get('job 1')).toEqual({ runId: 'run-cli', traceId: root.traceId, spanId: processRun?.spanContext().spanId });
    expect(seen.get('done 1')).toEqual({ runId: 'run-cli', traceId: root.traceId, spanId: processDone?.spanContext().spanId });

    const ids = { trace_id: root.traceId, run_id: 'run-cli' };
    expect(verifierLog.lines.map((l) => l['msg'])).toEqual(['working', 'handled bustest.job.run: ack']);
    for (const line of verifierLog.lines) expect(line).toMatchObject({ ...ids, span_id: processRun?.spanContext().spanId });
    expect(verifierLog.lines[1]).toMatchObject({ level: 'debug', key: 'bustest.job.run', outcome: 'ack', delivery: 1, producer: 'cli' });
    expect(minerLog.lines).toEqual([
      expect.objectContaining({ ...ids, span_id: processDone?.spanContext().spanId, msg: 'handled bustest.job.done: ack' }),
    ]);
  });

  it('takes the run from the run context, and logs and marks a dead-lettered message with its ids', async () => {
    await runContext.run('run-script', () => cli.publish('bustest.job.run', { n: 2, mode: 'fatal' }));
    await waitFor(() => verifierLog.lines.find((l) => l['outcome'] === 'dead_letter'), { what: 'the dead letter logged' });
    const [processRun] = spans('process astra.command.bustest.job.run.v1');
    expect(processRun?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'job 2 refused' });
    expect(seen.get('job 2')?.runId).toBe('run-script');
    const failed = verifierLog.lines.find((l) => l['outcome'] === 'dead_letter');
    expect(failed).toMatchObject({
      level: 'error',
      msg: 'failed bustest.job.run: dead_letter',
      error_code: 'CONFLICT',
      retryable: false,
      run_id: 'run-script',
      trace_id: processRun?.spanContext().traceId,
      span_id: processRun?.spanContext().spanId,
    });
  });

  it('continues the trace and the run through an RPC, failed or not', async () => {
    const root = await withSpan('astra test', {}, async (span) => {
      await expect(cli.request('bustest.echo', { text: 'a' })).resolves.toEqual({ text: 'a' });
      await expect(cli.request('bustest.echo', { text: 'b', failCode: 'x' }, { runId: 'run-b' })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      return span.spanContext();
    });
    await waitFor(() => spans('process astra.rpc.bustest.echo.say.v1').length === 2, { what: 'both RPC spans' });
    const sends = spans('send astra.rpc.bustest.echo.say.v1');
    const processes = spans('process astra.rpc.bustest.echo.say.v1');
    for (const [index, processed] of processes.entries()) {
      expect(processed.spanContext().traceId).toBe(root.traceId);
      expect(processed.parentSpanContext?.spanId).toBe(sends[index]?.spanContext().spanId);
    }
    expect(processes.map((s) => s.status.code)).toEqual([SpanStatusCode.OK, SpanStatusCode.ERROR]);
    expect(seen.get('echo a')).toEqual({ runId: 'run-cli', traceId: root.traceId, spanId: processes[0]?.spanContext().spanId });
    expect(seen.get('echo b')?.runId).toBe('run-b');
    expect(verifierLog.lines).toEqual([
      expect.objectContaining({ level: 'debug', msg: 'handled bustest.echo: rpc_ok', run_id: 'run-cli', trace_id: root.traceId }),
      expect.objectContaining({
        level: 'warn',
        msg: 'failed bustest.echo: rpc_error',
        error_code: 'CONFLICT',
        run_id: 'run-b',
        trace_id: root.traceId,
      }),
    ]);
  });
});
