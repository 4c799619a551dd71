import 'reflect-metadata';
import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { waitFor } from '@astra/testing';
import { BusModule, busReadiness, handleMessageFor, MessageBus, NatsBus, type MessageContext } from '../src';
import { deleteNamespace, NATS_URL, TEST_REGISTRY, TEST_STREAM, testNamespace, type TestRegistry } from './support/test-registry';

const Handle = handleMessageFor<TestRegistry>();
const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager().enable();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

/** What the verifier-side handlers saw, shared with the test. */
const seen = { jobs: [] as Array<{ n: number; ctx: MessageContext }>, events: [] as string[], release: [] as Array<() => void> };

@Injectable()
class VerifierHandlers {
  @Handle('bustest.job.run')
  async run(payload: { n: number; mode: string }, ctx: MessageContext): Promise<void> {
    seen.jobs.push({ n: payload.n, ctx });
    if (payload.mode === 'slow') {
      seen.events.push('handler-started');
      await new Promise<void>((resolve) => seen.release.push(resolve));
      seen.events.push('handler-finished');
    }
  }

  @Handle('bustest.echo')
  async echo({ text }: { text: string }): Promise<{ text: string }> {
    return { text };
  }
}

@Injectable()
class WrongHandlers {
  @Handle('bustest.job.run')
  async run(): Promise<void> {}

  @Handle('bustest.job.done')
  async done(): Promise<void> {}
}

function appModule(service: 'cli' | 'verifier', namespace: string, handlers: Array<new () => object>) {
  @Module({
    imports: [BusModule.forRoot({ service, servers: NATS_URL, namespace, registry: TEST_REGISTRY, streams: [TEST_STREAM] })],
    providers: handlers,
  })
  class AppModule {}
  return AppModule;
}

async function createApp(module: new () => object): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(module, { logger: false, abortOnError: false });
}

describe('BusModule', () => {
  let namespace: string;
  const apps: INestApplicationContext[] = [];

  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });

  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  beforeEach(() => {
    namespace = testNamespace();
    exporter.reset();
    seen.jobs.length = 0;
    seen.events.length = 0;
  });

  afterEach(async () => {
    for (const resolve of seen.release.splice(0)) resolve();
    for (const app of apps.splice(0)) await app.close();
    await deleteNamespace(namespace);
  });

  it('refuses to start when handlers disagree with the registry, naming the keys', async () => {
    const started = createApp(appModule('verifier', namespace, [WrongHandlers]));
    await expect(started).rejects.toThrow(/no handler for consumed keys: bustest\.echo/);
    await expect(createApp(appModule('verifier', namespace, [WrongHandlers]))).rejects.toThrow(
      /handlers for keys it does not consume: bustest\.job\.done/,
    );
  });

  it('yields one trace: send in service A, process in service B as its child', async () => {
    const verifier = await createApp(appModule('verifier', namespace, [VerifierHandlers]));
    apps.push(verifier);
    const cli = await createApp(appModule('cli', namespace, []));
    apps.push(cli);
    expect(busReadiness(cli.get(MessageBus))).toEqual({ ready: true, component: 'bus' });

    const { id } = await cli.get(MessageBus<TestRegistry>).publish('bustest.job.run', { n: 1 }, { runId: 'run-1' });
    await waitFor(() => exporter.getFinishedSpans().some((s) => s.name.startsWith('process ')), { what: 'process span' });
    const spans = exporter.getFinishedSpans();
    const send = spans.find((s) => s.name === 'send astra.command.bustest.job.run.v1');
    const processed = spans.find((s) => s.name === 'process astra.command.bustest.job.run.v1');
    expect(send).toBeDefined();
    expect(processed?.spanContext().traceId).toBe(send?.spanContext().traceId);
    expect(processed?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
    expect(processed?.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': `${namespace}.astra.command.bustest.job.run.v1`,
      'messaging.message.id': id,
      'astra.run_id': 'run-1',
    });
    expect(seen.jobs[0]?.ctx).toMatchObject({ id, runId: 'run-1', producer: 'cli' });
  });

  it('waits for an in-flight handler on shutdown, and acks its message', async () => {
    const verifier = await createApp(appModule('verifier', namespace, [VerifierHandlers]));
    const cli = await createApp(appModule('cli', namespace, []));
    apps.push(cli);
    await cli.get(MessageBus<TestRegistry>).publish('bustest.job.run', { n: 2, mode: 'slow' });
    await waitFor(() => seen.events.includes('handler-started'), { what: 'handler started' });

    const closing = verifier.close().then(() => seen.events.push('closed'));
    await waitFor(() => !verifier.get(NatsBus).isReady(), { what: 'bus closing' });
    for (const resolve of seen.release.splice(0)) resolve();
    await closing;
    expect(seen.events).toEqual(['handler-started', 'handler-finished', 'closed']);

    const nc = await connect({ servers: NATS_URL });
    const jsm = await jetstreamManager(nc);
    const info = await jsm.consumers.info(`${namespace}_${TEST_STREAM.name}`, `${namespace}_cmd_bustest_job_run`);
    await nc.drain();
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
  });
});
