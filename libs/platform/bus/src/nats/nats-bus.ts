import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import {
  BusError,
  REGISTRY,
  STREAMS,
  validateRegistry,
  type AnyRegistry,
  type AsyncKeyOf,
  type AsyncMessageDefinition,
  type PayloadInputOf,
  type Registry,
  type ResponseOf,
  type RpcKeyOf,
  type ServiceName,
  type StreamDefinition,
} from '@astra/contracts';
import { MessageBus, SILENT_BUS_LOG, type BusLog, type PublishOptions, type RequestOptions } from '../bus.types';
import { ARTIFACT_BUCKET, NatsArtifactStore } from '../artifacts/nats-artifact-store';
import { BusNaming } from '../core/bus-naming';
import { definitionOf, HandlerTable, type AnyHandler, type BusRuntime, type HandlerFor } from '../core/handler-table';
import { newEnvelope, parseWith } from '../core/message-envelope';
import { BusTelemetry } from '../telemetry/bus-telemetry';
import { ConnectionWatch } from './connection-watch';
import { DurableConsumer } from './durable-consumer';
import { ensureConsumer, ensureStreams, isAsync, notCreated, streamExists, streamsInUse } from './jetstream-topology';
import { natsAuthOptions, type BusCredentials, type BusTls } from './bus-credentials';
import { connectFailure } from './connect-failure';
import { DEFAULT_RECONNECT_POLICY, ReconnectBackoff, reconnectOptions, type ReconnectPolicy } from './reconnect-policy';
import { RpcResponder } from './rpc-responder';
import { requestFailure } from './request-failure';
import { envelopeHeaders, headerCarrier, readError } from './wire-headers';

export interface NatsBusOptions<R extends AnyRegistry = Registry> {
  readonly service: ServiceName;
  /** NATS server URL(s), comma separated. */
  readonly servers: string;
  /** Prefix of every subject, stream, consumer and bucket (a deployment name, or a test's random id). */
  readonly namespace?: string;
  readonly registry?: R;
  /** Stream definitions the registry's streams are looked up in; defaults to STREAMS. */
  readonly streams?: readonly StreamDefinition[];
  /** Handlers of one consumer that may run at once (default 8). */
  readonly concurrency?: number;
  /**
   * Overrides every consumer's ack wait: how long JetStream waits without an ack or a heartbeat before it redelivers
   * a message, i.e. how soon the work of a crashed instance is picked up again. Handlers send a heartbeat every third
   * of it, so a long handler is never redelivered while it runs. Default: each message's registry value.
   */
  readonly ackWaitMs?: number;
  /**
   * Run of the messages this bus sends outside a handler and outside a run context (logging's runContext): a CLI
   * invocation's run. Default: a new run per message.
   */
  readonly runId?: string;
  /** Where a line per handled message goes; the bus is silent without it. */
  readonly log?: BusLog;
  /**
   * Whether connect() creates (or updates) the streams the registry uses and the artifact bucket: true (default) for
   * services. A client such as the CLI passes false: it only uses what the services created, so a namespace whose
   * streams were deleted stays deleted, and publishing to a missing stream fails with UNAVAILABLE saying so.
   */
  readonly createStreams?: boolean;
  /** How the bus reconnects (forever) and how soon it notices a dead server; tests shorten it. */
  readonly reconnect?: Partial<ReconnectPolicy>;
  /** How the bus authenticates (none: the server must allow anonymous clients). */
  readonly credentials?: BusCredentials;
  readonly tls?: BusTls;
}

/** MessageBus over JetStream (events, commands) and core NATS request/reply (RPC). */
export class NatsBus<R extends AnyRegistry = Registry> extends MessageBus<R> implements BusRuntime {
  readonly service: ServiceName;
  readonly registry: R;
  readonly naming: BusNaming;
  private readonly table: HandlerTable;
  private readonly telemetry: BusTelemetry;
  private readonly log: BusLog;
  private nc?: NatsConnection;
  private js?: JetStreamClient;
  private jsm?: JetStreamManager;
  private artifactStore?: NatsArtifactStore;
  private responder?: RpcResponder;
  private consumers: DurableConsumer[] = [];
  private readonly reconnectPolicy: ReconnectPolicy;
  private readonly backoff: ReconnectBackoff;
  private readonly link: ConnectionWatch;
  private state: 'new' | 'connected' | 'started' | 'closing' | 'closed' = 'new';

  constructor(private readonly options: NatsBusOptions<R>) {
    super();
    this.service = options.service;
    this.registry = options.registry ?? (REGISTRY as unknown as R);
    validateRegistry(this.registry);
    this.naming = new BusNaming(options.namespace);
    this.table = new HandlerTable(this.registry, this.service);
    this.log = options.log ?? SILENT_BUS_LOG;
    this.telemetry = new BusTelemetry(this.service, this.log);
    this.reconnectPolicy = { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect };
    this.backoff = new ReconnectBackoff(this.reconnectPolicy);
    // After a reconnect each durable consumer pulls afresh: the server may have restarted and forgotten the old pulls.
    this.link = new ConnectionWatch(this.service, this.log, this.backoff, () => this.consumers.forEach((c) => c.restart()));
  }

  /** Connects; unless `createStreams` is false, creates the registry's streams, the dead-letter stream and the artifact bucket. */
  async connect(): Promise<this> {
    if (this.state !== 'new') return this;
    const servers = this.options.servers.split(',').map((server) => server.trim());
    const { credentials, tls } = this.options;
    const auth = await natsAuthOptions(credentials, tls);
    const nc = await connect({ servers, name: this.service, ...auth, ...reconnectOptions(this.reconnectPolicy, this.backoff) }).catch(
      (error: unknown) => {
        throw connectFailure(error, servers, credentials);
      },
    );
    this.link.watch(nc);
    try {
      await this.prepare(nc);
    } catch (error) {
      // A connection that reconnects forever would keep the process alive (a CLI that never exits): close it.
      this.link.markClosing();
      await nc.close().catch(() => undefined);
      this.nc = this.js = this.jsm = this.artifactStore = undefined;
      throw error;
    }
    this.state = 'connected';
    return this;
  }

  /** JetStream clients and the artifact store on a new connection; for services, the streams and bucket too. */
  private async prepare(nc: NatsConnection): Promise<void> {
    this.nc = nc;
    this.js = jetstream(nc);
    this.jsm = await jetstreamManager(nc);
    const create = this.options.createStreams !== false;
    this.artifactStore = new NatsArtifactStore(nc, this.naming.bucket(ARTIFACT_BUCKET), { create });
    if (create) {
      const declared = this.options.streams ?? Object.values(STREAMS);
      await ensureStreams(this.jsm, this.naming, streamsInUse(this.registry, declared, STREAMS.dlq));
      // Created here, not on first use, so a client that never creates it finds it once a service has started.
      await this.artifactStore.ensureBucket();
    }
  }

  /** Binds a typed handler to a key; call before start(). */
  register<K extends AsyncKeyOf<R> | RpcKeyOf<R>>(key: K, handler: HandlerFor<R, K>): void {
    this.registerAny(key, handler as unknown as AnyHandler);
  }

  registerAny(key: string, handler: AnyHandler): void {
    if (this.state === 'started') throw new Error(`cannot register "${key}": the bus has started`);
    this.table.add(key, handler);
  }

  /** Checks handlers against the registry, creates the durable consumers, then starts consuming. */
  async start(): Promise<void> {
    await this.connect();
    const { jsm, js, nc } = this.connection();
    const bound = this.table.bound();
    const deps = {
      js,
      naming: this.naming,
      telemetry: this.telemetry,
      log: this.log,
      concurrency: this.options.concurrency ?? 8,
      retry: this.reconnectPolicy,
      connected: () => this.link.connected,
      recreate: (def: AsyncMessageDefinition, durable: string) => this.recreateConsumer(def, durable),
    };
    this.responder = new RpcResponder(nc, this.naming, this.telemetry, this.service);
    const consumers: DurableConsumer[] = [];
    for (const { def: declared, handler } of bound) {
      if (!isAsync(declared)) continue;
      const ackWaitMs = this.options.ackWaitMs;
      const def = ackWaitMs === undefined ? declared : { ...declared, delivery: { ...declared.delivery, ackWaitMs } };
      const durable = this.naming.consumer(def.kind, def.key, this.service);
      await ensureConsumer(jsm, this.naming, def, durable);
      consumers.push(new DurableConsumer(deps, def, handler, durable));
    }
    for (const { def, handler } of bound) if (!isAsync(def)) this.responder.bind(def, handler);
    for (const consumer of consumers) await consumer.start();
    this.consumers = consumers;
    this.telemetry.observe(
      () => this.pendingByConsumer(),
      () => this.dlqDepth(),
    );
    this.state = 'started';
  }

  override async publish<K extends AsyncKeyOf<R>>(
    key: K,
    input: PayloadInputOf<R, K>,
    options?: PublishOptions,
  ): Promise<{ id: string; duplicate: boolean }> {
    const def = definitionOf(this.registry, key);
    if (!isAsync(def)) throw new BusError('VALIDATION_FAILED', `"${key}" is an RPC: use request()`);
    const payload = parseWith(def.payload, input, `payload of ${key}`);
    const envelope = newEnvelope(def, this.service, options, this.options.runId);
    const h = envelopeHeaders(envelope);
    const subject = this.naming.subject(def.subject);
    const js = this.connection(`publish ${key}`).js;
    return this.telemetry.send({ subject: def.subject, wireSubject: subject }, envelope, headerCarrier(h), async () => {
      const ack = await js.publish(subject, JSON.stringify(payload), { msgID: envelope.id, headers: h }).catch(async (error: unknown) => {
        throw await this.publishFailure(key, def.stream, error);
      });
      this.telemetry.countPublished(key, ack.duplicate);
      return { id: envelope.id, duplicate: ack.duplicate };
    });
  }

  override async request<K extends RpcKeyOf<R>>(
    key: K,
    input: PayloadInputOf<R, K>,
    options: RequestOptions = {},
  ): Promise<ResponseOf<R, K>> {
    const def = definitionOf(this.registry, key);
    if (def.kind !== 'rpc') throw new BusError('VALIDATION_FAILED', `"${key}" is not an RPC: use publish()`);
    const payload = parseWith(def.payload, input, `payload of ${key}`);
    const envelope = newEnvelope(def, this.service, options.runId ? { runId: options.runId } : {}, this.options.runId);
    const h = envelopeHeaders(envelope);
    const subject = this.naming.subject(def.subject);
    const timeout = options.timeoutMs ?? def.timeoutMs;
    const nc = this.connection(`request ${key}`).nc;
    return this.telemetry.send({ subject: def.subject, wireSubject: subject }, envelope, headerCarrier(h), async () => {
      const reply = await nc.request(subject, JSON.stringify(payload), { timeout, headers: h }).catch((error: unknown) => {
        throw requestFailure(error, key, timeout);
      });
      const remote = readError(reply.headers);
      if (remote) throw remote;
      return parseWith(def.response, reply.json(), `response of ${key}`) as ResponseOf<R, K>;
    });
  }

  /** The artifact store on this connection's object store. */
  get artifacts(): NatsArtifactStore {
    if (!this.artifactStore) throw new BusError('UNAVAILABLE', 'the bus is not connected');
    return this.artifactStore;
  }

  override isReady(): boolean {
    return this.notReadyReason() === undefined;
  }

  /** Not ready while the connection is down or reconnecting, and until every durable consumer pulls again. */
  override notReadyReason(): string | undefined {
    if (this.state !== 'connected' && this.state !== 'started') return `the bus is ${this.state}`;
    const problem = this.link.problem();
    if (problem) return problem;
    const idle = this.consumers.filter((consumer) => !consumer.consuming).map((consumer) => consumer.durable);
    return idle.length > 0 ? `consumers not pulling yet: ${idle.join(', ')}` : undefined;
  }

  /** Stops pulling, waits for in-flight handlers, then drains the connection. */
  async close(): Promise<void> {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.state = 'closing';
    this.link.markClosing();
    this.telemetry.stopObserving();
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    // Draining needs the server; during an outage it would wait for a reconnect that may never come.
    if (this.nc && !this.nc.isClosed() && !this.link.connected) await this.nc.close();
    await this.responder?.stop();
    if (this.nc && !this.nc.isClosed()) await this.nc.drain().catch(() => this.nc?.close());
    this.state = 'closed';
  }

  /** The JetStream manager, for tools and tests that inspect or delete what the bus created. */
  manager(): JetStreamManager {
    return this.connection().jsm;
  }

  /** Why a publish failed; a missing stream is said plainly (nats.js reports it as "jetstream is not enabled"). */
  private async publishFailure(key: string, stream: string, error: unknown): Promise<BusError> {
    const name = this.naming.stream(stream);
    if (!this.link.connected) return new BusError('UNAVAILABLE', `publish ${key} failed: ${this.link.problem()}`, { cause: error });
    const exists = await streamExists(this.connection().jsm, name).catch(() => true);
    if (!exists) return notCreated(`stream ${name}`, error);
    return new BusError('UNAVAILABLE', `publish ${key} failed: ${String(error)}`, { cause: error });
  }

  /** The connection; with `operation`, fails fast while it is down (what is sent then is lost, never delivered late). */
  private connection(operation?: string): { nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager } {
    if (!this.nc || !this.js || !this.jsm || this.state === 'closed') {
      throw new BusError('UNAVAILABLE', `the bus of ${this.service} is not connected`);
    }
    const problem = operation === undefined ? undefined : this.link.problem();
    if (problem) throw new BusError('UNAVAILABLE', `${operation} failed: ${problem}`);
    return { nc: this.nc, js: this.js, jsm: this.jsm };
  }

  /** Puts back a durable consumer the server lost, and its stream where this bus creates streams. */
  private async recreateConsumer(def: AsyncMessageDefinition, durable: string): Promise<void> {
    const streams =
      this.options.createStreams === false
        ? []
        : streamsInUse({ [def.key]: def }, this.options.streams ?? Object.values(STREAMS), STREAMS.dlq);
    await ensureStreams(this.connection().jsm, this.naming, streams);
    await ensureConsumer(this.connection().jsm, this.naming, def, durable);
  }

  private async pendingByConsumer(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const jsm = this.jsm;
    if (!jsm || this.state !== 'started' || !this.link.connected) return counts;
    for (const consumer of this.consumers) {
      const info = await jsm.consumers.info(consumer.stream, consumer.durable).catch(() => undefined);
      if (info) counts.set(consumer.durable, info.num_pending + info.num_ack_pending);
    }
    return counts;
  }

  private async dlqDepth(): Promise<number | undefined> {
    if (!this.jsm || this.state !== 'started' || !this.link.connected) return undefined;
    const info = await this.jsm.streams.info(this.naming.stream(STREAMS.dlq.name)).catch(() => undefined);
    return info?.state.messages;
  }
}
