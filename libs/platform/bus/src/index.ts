export * from './bus.types';
export { BusNaming } from './core/bus-naming';
export { backoffDelay, decide, type Disposition, type HandlerOutcome } from './core/handler-outcome';
export { assertHandlersMatch, type AnyHandler, type BusRuntime, type HandlerFor } from './core/handler-table';
export { currentMessage } from './core/handler-scope';
export { ArtifactStore, InMemoryArtifactStore, artifactRef, sha256Hex } from './artifacts/artifact-store';
export { ARTIFACT_BUCKET, NatsArtifactStore } from './artifacts/nats-artifact-store';
export { NatsBus, type NatsBusOptions } from './nats/nats-bus';
export { DEAD_LETTER_HEADERS } from './nats/wire-headers';
export { InMemoryBus, type DeadLetter, type DeliveryRecord, type PublishedMessage } from './memory/in-memory-bus';
export { InMemoryBusModule } from './memory/in-memory-bus.module';
export { BusModule, busOptionsFromEnv, type BusEnv, type BusModuleOptions } from './nest/bus.module';
export { BUS_RUNTIME, BusLifecycle } from './nest/bus-lifecycle';
export { busReadiness, BusReadinessCheck, type BusReadiness } from './nest/bus-readiness';
export { HandleMessage, handleMessageFor, HANDLE_MESSAGE, type HandlerDecorator } from './nest/handle-message.decorator';
export { deleteNamespace } from './nats/namespace-admin';
// Test helper: the NATS server integration tests use.
export { testNatsUrl } from './testing/test-nats.config';
