export * from './start-telemetry';
export * from './telemetry.config';
export * from './with-span';
