export * from './envelope';
export * from './errors';
export * from './registry/message-definition';
export * from './registry/streams';
export * from './registry/registry';
export * from './jobs/job-report.contract';
export * from './messages/catalog.messages';
export * from './messages/graph.messages';
export * from './messages/sandbox.messages';
export * from './environments/environment.contract';
export * from './messages/env-compiler.messages';
// new-service:message-exports — npm run new-service adds lines above this one
export * from './telemetry-names';
export * from './hashing/content-hash';
export * from './http/sandbox-fusion.contract';
export * from './messages/paging';
export * from './json/json-depth';
