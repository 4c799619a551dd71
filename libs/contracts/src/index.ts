export * from './envelope';
export * from './errors';
export * from './registry/message-definition';
export * from './registry/streams';
export * from './registry/registry';
export * from './messages/catalog.messages';
export * from './messages/sandbox.messages';
export * from './telemetry-names';
