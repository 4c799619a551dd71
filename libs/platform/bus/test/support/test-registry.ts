import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineCommand, defineEvent, defineRpc, type StreamDefinition } from '@astra/contracts';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export const NATS_URL = 'nats://127.0.0.1:4222';

export const TEST_STREAM: StreamDefinition = {
  name: 'ASTRA_BUSTEST',
  subjects: ['astra.command.bustest.>', 'astra.event.bustest.>'],
  duplicateWindowS: 60,
  maxAgeS: 3600,
};

const delivery = { maxDeliver: 3, backoffMs: [50, 50], ackWaitMs: 5_000 };

/** A registry of its own for the bus tests; verifier consumes the command and RPCs, graph-miner the event. */
export const TEST_REGISTRY = {
  'bustest.job.run': defineCommand({
    key: 'bustest.job.run',
    subject: 'astra.command.bustest.job.run.v1',
    stream: TEST_STREAM.name,
    producers: ['cli'],
    consumers: ['verifier'],
    description: 'test command',
    payload: z.object({ n: z.number().int(), mode: z.enum(['ok', 'fail-once', 'fail-always', 'fatal', 'slow']).default('ok') }),
    delivery,
  }),
  'bustest.job.done': defineEvent({
    key: 'bustest.job.done',
    subject: 'astra.event.bustest.job.done.v1',
    stream: TEST_STREAM.name,
    producers: ['verifier'],
    consumers: ['graph-miner'],
    description: 'test event',
    payload: z.object({ n: z.number().int() }),
    delivery,
  }),
  'bustest.echo': defineRpc({
    key: 'bustest.echo',
    subject: 'astra.rpc.bustest.echo.say.v1',
    producers: ['cli'],
    consumers: ['verifier'],
    description: 'test rpc',
    payload: z.object({ text: z.string(), hangMs: z.number().optional(), failCode: z.string().optional() }),
    response: z.object({ text: z.string() }),
    timeoutMs: 2_000,
  }),
} as const;

export type TestRegistry = typeof TEST_REGISTRY;

/** A namespace of its own for each test, so parallel runs never collide. */
export function testNamespace(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** Deletes every stream (object-store buckets included) that a namespace created. */
export async function deleteNamespace(namespace: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.includes(`${namespace}_`)) names.push(name);
    for (const name of names) await jsm.streams.delete(name);
  } finally {
    await nc.drain();
  }
}
