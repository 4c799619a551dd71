export * from './wait-for';
export * from './llm-server';
export * from './otlp-receiver/otlp-trace-receiver';
export * from './nats-server-process';
export * from './cpu-time';
export * from './service-process';
export * from './child-env';
export * from './verifier-process';
