import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { BusError, type AnyRegistry, type AsyncMessageDefinition, type MessageDefinition, type StreamDefinition } from '@astra/contracts';
import type { BusNaming } from '../core/bus-naming';

export function isAsync(def: MessageDefinition): def is AsyncMessageDefinition {
  return def.kind !== 'rpc';
}

/** Streams the registry's async messages use, plus the dead-letter stream; fails for an undeclared stream. */
export function streamsInUse(registry: AnyRegistry, declared: readonly StreamDefinition[], dlq: StreamDefinition): StreamDefinition[] {
  const names = new Set(
    Object.values(registry)
      .filter(isAsync)
      .map((def) => def.stream),
  );
  const found = [...names].map((name) => {
    const stream = declared.find((candidate) => candidate.name === name);
    if (!stream) throw new Error(`the registry uses stream "${name}", which no stream definition declares`);
    return stream;
  });
  return [...found.filter((stream) => stream.name !== dlq.name), dlq];
}

/** Creates each stream, or updates it when its configuration changed. */
export async function ensureStreams(jsm: JetStreamManager, naming: BusNaming, streams: readonly StreamDefinition[]): Promise<void> {
  for (const stream of streams) {
    const config: Partial<StreamConfig> & { name: string } = {
      name: naming.stream(stream.name),
      subjects: stream.subjects.map((subject) => naming.subject(subject)),
      duplicate_window: nanos(stream.duplicateWindowS * 1000),
      max_age: nanos(stream.maxAgeS * 1000),
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
    };
    try {
      await jsm.streams.add(config);
    } catch {
      await jsm.streams.update(config.name, config);
    }
  }
}

/** Whether a stream exists; any other failure (a lost connection) is thrown. */
export async function streamExists(jsm: JetStreamManager, name: string): Promise<boolean> {
  try {
    await jsm.streams.info(name);
    return true;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return false;
    throw error;
  }
}

/** What a client (which never creates streams) gets for a stream or bucket no service has created, or one deleted. */
export function notCreated(what: string, cause?: unknown): BusError {
  return new BusError('UNAVAILABLE', `${what} does not exist: is the service running on this NATS server and namespace?`, { cause });
}

/** Creates (or updates) the durable pull consumer of one async message. */
export async function ensureConsumer(
  jsm: JetStreamManager,
  naming: BusNaming,
  def: AsyncMessageDefinition,
  durable: string,
): Promise<void> {
  const settings = {
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(def.delivery.ackWaitMs),
    max_deliver: def.delivery.maxDeliver,
    filter_subject: naming.subject(def.subject),
  };
  try {
    await jsm.consumers.add(naming.stream(def.stream), {
      ...settings,
      durable_name: durable,
      deliver_policy: DeliverPolicy.All,
    });
  } catch {
    await jsm.consumers.update(naming.stream(def.stream), durable, settings);
  }
}
