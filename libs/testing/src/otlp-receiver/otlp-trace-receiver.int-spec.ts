import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { OtlpTraceReceiver } from './otlp-trace-receiver';

const run = promisify(execFile);

/** Two spans, parent and producer child, exported by the real OTLP/HTTP exporter to OTEL_EXPORTER_OTLP_ENDPOINT. */
const EXPORTING_SCRIPT = `
const { SpanKind, SpanStatusCode, context, trace } = require('@opentelemetry/api');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'cli' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
});
const tracer = provider.getTracer('spec');
const parent = tracer.startSpan('astra catalog import');
const attributes = { 'astra.run_id': 'r1', 'astra.count': 3, ok: true, tags: ['a', 'b'] };
const child = tracer.startSpan('send astra.command.x.v1', { kind: SpanKind.PRODUCER, attributes }, trace.setSpan(context.active(), parent));
child.setStatus({ code: SpanStatusCode.ERROR, message: 'no' });
child.end();
parent.end();
provider.shutdown().then(() => process.stdout.write(JSON.stringify(parent.spanContext())));
`;

describe('OtlpTraceReceiver', () => {
  const receiver = new OtlpTraceReceiver();

  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());

  it('reads what the OTLP/HTTP exporter sends: ids, parents, kinds, attributes, status and service', async () => {
    // The exporter loads its HTTP agent with a dynamic import, which Jest's VM refuses: export from a child process.
    const { stdout } = await run(process.execPath, ['-e', EXPORTING_SCRIPT], {
      cwd: __dirname,
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, NODE_OPTIONS: '' },
    });
    const { traceId, spanId } = JSON.parse(stdout) as { traceId: string; spanId: string };
    const spans = receiver.spans();
    expect(spans).toEqual([
      {
        traceId,
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
        parentSpanId: spanId,
        name: 'send astra.command.x.v1',
        kind: 4,
        service: 'cli',
        attributes: { 'astra.run_id': 'r1', 'astra.count': 3, ok: true, tags: ['a', 'b'] },
        statusCode: 2,
      },
      expect.objectContaining({ traceId, spanId, name: 'astra catalog import', kind: 1, statusCode: 0 }),
    ]);
    expect(spans[1]).not.toHaveProperty('parentSpanId');
  });

  it('reads gzipped JSON and refuses protobuf with 415', async () => {
    const body = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'zipped' }] }] }] };
    const zipped = await fetch(`${receiver.endpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(body)),
    });
    expect(zipped.status).toBe(200);
    expect(receiver.spans().at(-1)).toMatchObject({ name: 'zipped', service: '' });
    const proto = await fetch(`${receiver.endpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([10, 0]),
    });
    expect(proto.status).toBe(415);
    expect(receiver.rejected.at(-1)).toMatch(/only OTLP\/JSON/);
  });
});
