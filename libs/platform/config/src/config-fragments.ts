import { z } from 'zod';

const urlWithProtocol = (protocols: readonly string[]) =>
  z.string().refine(
    (value) =>
      value.split(',').every((part) => {
        try {
          return protocols.includes(new URL(part.trim()).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      }),
    { message: `must be a URL with protocol ${protocols.join(' or ')}` },
  );

/** A TCP port; 0 lets the system choose one. */
export const portSchema = z.coerce.number().int().min(0).max(65535);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** NATS_URL (comma-separated servers allowed) and ASTRA_NAMESPACE (prefix that isolates subjects and streams). */
export const busEnv = {
  NATS_URL: urlWithProtocol(['nats', 'tls', 'ws', 'wss']).default('nats://127.0.0.1:4222'),
  ASTRA_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must contain only letters, digits, "_" and "-"')
    .optional(),
  /** Ack wait of every durable consumer (how soon a crashed instance's work is redelivered); unset: the registry's. */
  BUS_ACK_WAIT_MS: z.coerce.number().int().min(1000).optional(),
};

/** DATABASE_URL set means PostgreSQL; unset means SQLite files under ASTRA_DATA_DIR. */
export const databaseEnv = {
  DATABASE_URL: urlWithProtocol(['postgres', 'postgresql']).optional(),
  ASTRA_DATA_DIR: z.string().default('.data'),
};

/** PORT of the service's HTTP server (health probes and APIs). */
export const httpEnv = {
  PORT: portSchema.default(3000),
};

/** LOG_LEVEL of the pino logger. */
export const logEnv = {
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
};

/** Everything a service needs from the platform: spread it into a service's own z.object. */
export const platformEnv = { ...busEnv, ...databaseEnv, ...httpEnv, ...logEnv };
