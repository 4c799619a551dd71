import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { BusError, defineCommand, defineEvent, defineRpc } from '@astra/contracts';
import { MessageBus } from '../bus.types';
import { ArtifactStore } from '../artifacts/artifact-store';
import { handleMessageFor } from '../nest/handle-message.decorator';
import { InMemoryBus } from './in-memory-bus';
import { InMemoryBusModule } from './in-memory-bus.module';

const delivery = { maxDeliver: 3, backoffMs: [50, 200], ackWaitMs: 1_000 };
const registry = {
  'unit.job.run': defineCommand({
    key: 'unit.job.run',
    subject: 'astra.command.unit.job.run.v1',
    stream: 'S',
    producers: ['cli'],
    consumers: ['verifier'],
    payload: z.object({ n: z.number().int() }),
    description: '',
    delivery,
  }),
  'unit.job.done': defineEvent({
    key: 'unit.job.done',
    subject: 'astra.event.unit.job.done.v1',
    stream: 'S',
    producers: ['verifier'],
    consumers: [],
    payload: z.object({ n: z.number().int() }),
    description: '',
  }),
  'unit.add': defineRpc({
    key: 'unit.add',
    subject: 'astra.rpc.unit.math.add.v1',
    producers: ['cli'],
    consumers: ['verifier'],
    payload: z.object({ a: z.number(), b: z.number() }),
    response: z.object({ sum: z.number() }),
    description: '',
  }),
} as const;
type R = typeof registry;

describe('InMemoryBus', () => {
  let bus: InMemoryBus<R>;
  let attempts: number[];

  beforeEach(() => {
    bus = new InMemoryBus({ service: 'verifier', registry });
    attempts = [];
  });

  it('delivers, and what the handler publishes inherits run and causation', async () => {
    bus.register('unit.job.run', async ({ n }) => {
      await bus.publish('unit.job.done', { n });
    });
    const { id } = await bus.publish('unit.job.run', { n: 1 }, { runId: 'run-1' });
    await bus.idle();
    const done = bus.published.find((m) => m.key === 'unit.job.done');
    expect(done?.envelope).toMatchObject({ runId: 'run-1', causationId: id, producer: 'verifier' });
    expect(bus.payloadsOf('unit.job.done')).toEqual([{ n: 1 }]);
  });

  it('retries a retryable failure with backoff, then acks', async () => {
    bus.register('unit.job.run', async (_payload, ctx) => {
      attempts.push(ctx.deliveryCount);
      if (ctx.deliveryCount === 1) throw new BusError('UNAVAILABLE', 'later');
    });
    await bus.publish('unit.job.run', { n: 2 });
    await bus.idle();
    expect(attempts).toEqual([1, 2]);
    expect(bus.deliveries.map((d) => [d.action, d.delayMs])).toEqual([
      ['nak', 50],
      ['ack', undefined],
    ]);
    expect(bus.deadLetters).toEqual([]);
  });

  it('dead-letters after maxDeliver, and at once for a non-retryable error', async () => {
    bus.register('unit.job.run', async ({ n }, ctx) => {
      attempts.push(ctx.deliveryCount);
      throw n === 3 ? new Error('flaky') : new BusError('CONFLICT', 'never');
    });
    await bus.publish('unit.job.run', { n: 3 });
    await bus.publish('unit.job.run', { n: 4 });
    await bus.idle();
    expect(bus.deadLetters.map((d) => [d.payload, d.code, d.deliveryCount])).toEqual([
      [{ n: 4 }, 'CONFLICT', 1],
      [{ n: 3 }, 'INTERNAL', 3],
    ]);
  });

  it('drops a duplicate id and rejects an invalid payload', async () => {
    await expect(bus.publish('unit.job.run', { n: 5 }, { id: 'x' })).resolves.toEqual({ id: 'x', duplicate: false });
    await expect(bus.publish('unit.job.run', { n: 5 }, { id: 'x' })).resolves.toEqual({ id: 'x', duplicate: true });
    await expect(bus.publish('unit.job.run', { n: 1.5 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(bus.published).toHaveLength(1);
  });

  it('answers RPCs, validates responses and reports NO_RESPONDERS', async () => {
    await expect(bus.request('unit.add', { a: 1, b: 2 })).rejects.toMatchObject({ code: 'NO_RESPONDERS' });
    bus.register('unit.add', async ({ a, b }) => ({ sum: a + b }));
    await expect(bus.request('unit.add', { a: 1, b: 2 })).resolves.toEqual({ sum: 3 });
    const broken = new InMemoryBus({ service: 'verifier', registry });
    broken.register('unit.add', async () => ({ sum: 'three' }) as never);
    await expect(broken.request('unit.add', { a: 1, b: 2 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses to start when handlers disagree with the registry', async () => {
    bus.register('unit.job.run', async () => undefined);
    await expect(bus.start()).rejects.toThrow(/no handler for consumed keys: unit\.add/);
  });
});

describe('InMemoryBusModule', () => {
  const Handle = handleMessageFor<R>();

  @Injectable()
  class Handlers {
    readonly seen: number[] = [];

    @Handle('unit.job.run')
    async run({ n }: { n: number }): Promise<void> {
      this.seen.push(n);
    }

    @Handle('unit.add')
    async add({ a, b }: { a: number; b: number }): Promise<{ sum: number }> {
      return { sum: a + b };
    }
  }

  it('discovers @HandleMessage methods and provides MessageBus and ArtifactStore', async () => {
    @Module({ imports: [InMemoryBusModule.forRoot({ service: 'verifier', registry })], providers: [Handlers] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
    const bus = app.get(MessageBus<R>);
    await bus.publish('unit.job.run', { n: 7 });
    await app.get(InMemoryBus).idle();
    expect(app.get(Handlers).seen).toEqual([7]);
    await expect(bus.request('unit.add', { a: 2, b: 2 })).resolves.toEqual({ sum: 4 });
    const ref = await app.get(ArtifactStore).put('hello');
    await expect(app.get(ArtifactStore).getText(ref)).resolves.toBe('hello');
    await app.close();
  });
});
