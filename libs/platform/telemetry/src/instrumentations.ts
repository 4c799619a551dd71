import { type InstrumentationConfigMap, getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';

type Enabled = '@opentelemetry/instrumentation-http' | '@opentelemetry/instrumentation-express' | '@opentelemetry/instrumentation-pg';

const off = { enabled: false } as const;

// Every other instrumentation is switched off explicitly. `satisfies` makes this list complete: a package upgrade
// that adds an instrumentation fails the type check here instead of silently patching one more module.
const DISABLED = {
  '@opentelemetry/instrumentation-amqplib': off,
  '@opentelemetry/instrumentation-aws-lambda': off,
  '@opentelemetry/instrumentation-aws-sdk': off,
  '@opentelemetry/instrumentation-bunyan': off,
  '@opentelemetry/instrumentation-cassandra-driver': off,
  '@opentelemetry/instrumentation-connect': off,
  '@opentelemetry/instrumentation-cucumber': off,
  '@opentelemetry/instrumentation-dataloader': off,
  '@opentelemetry/instrumentation-dns': off,
  '@opentelemetry/instrumentation-fs': off,
  '@opentelemetry/instrumentation-generic-pool': off,
  '@opentelemetry/instrumentation-graphql': off,
  '@opentelemetry/instrumentation-grpc': off,
  '@opentelemetry/instrumentation-hapi': off,
  '@opentelemetry/instrumentation-host-metrics': off,
  '@opentelemetry/instrumentation-ioredis': off,
  '@opentelemetry/instrumentation-kafkajs': off,
  '@opentelemetry/instrumentation-knex': off,
  '@opentelemetry/instrumentation-koa': off,
  '@opentelemetry/instrumentation-lru-memoizer': off,
  '@opentelemetry/instrumentation-memcached': off,
  '@opentelemetry/instrumentation-mongodb': off,
  '@opentelemetry/instrumentation-mongoose': off,
  '@opentelemetry/instrumentation-mysql2': off,
  '@opentelemetry/instrumentation-mysql': off,
  '@opentelemetry/instrumentation-nestjs-core': off,
  '@opentelemetry/instrumentation-net': off,
  '@opentelemetry/instrumentation-openai': off,
  '@opentelemetry/instrumentation-oracledb': off,
  '@opentelemetry/instrumentation-pino': off,
  '@opentelemetry/instrumentation-redis': off,
  '@opentelemetry/instrumentation-restify': off,
  '@opentelemetry/instrumentation-router': off,
  '@opentelemetry/instrumentation-runtime-node': off,
  '@opentelemetry/instrumentation-socket.io': off,
  '@opentelemetry/instrumentation-tedious': off,
  '@opentelemetry/instrumentation-undici': off,
  '@opentelemetry/instrumentation-winston': off,
} as const satisfies Record<Exclude<keyof InstrumentationConfigMap, Enabled>, typeof off>;

/** HTTP (server and client), Express and pg instrumentations; nothing else (no fs or dns spans). */
export function platformInstrumentations(): ReturnType<typeof getNodeAutoInstrumentations> {
  return getNodeAutoInstrumentations({
    ...DISABLED,
    '@opentelemetry/instrumentation-http': {
      enabled: true,
      // Probes would otherwise add a trace every few seconds per pod.
      ignoreIncomingRequestHook: (request) => request.url === '/healthz' || request.url === '/readyz',
    },
    '@opentelemetry/instrumentation-express': { enabled: true },
    '@opentelemetry/instrumentation-pg': { enabled: true },
  });
}
