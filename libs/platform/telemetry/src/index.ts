export * from './start-telemetry';
export * from './start-tracing';
export * from './telemetry.config';
export * from './with-span';
