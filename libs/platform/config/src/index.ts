export * from './load-config';
export * from './config-fragments';
export * from './secret-redaction';
