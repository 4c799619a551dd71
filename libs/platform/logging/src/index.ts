export * from './create-logger';
export * from './nest-logger.adapter';
export * from './run-context';
