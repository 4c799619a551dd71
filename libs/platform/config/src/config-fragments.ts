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

/** A yes/no variable: true, false, 1, 0, yes or no. */
export const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A URL's user and password would end up in every log line that names the server: they have variables of their own. */
const withoutCredentials = (value: string) =>
  value.split(',').every((part) => {
    try {
      const url = new URL(part.trim());
      return url.username === '' && url.password === '';
    } catch {
      return true;
    }
  });

/**
 * NATS_URL (comma-separated servers allowed), ASTRA_NAMESPACE (prefix that isolates subjects and streams), and how the
 * bus authenticates: user and password, a token, a .creds file or an NKey seed file, with TLS files when the server
 * wants them. Secrets never travel in NATS_URL.
 */
export const busEnv = {
  NATS_URL: urlWithProtocol(['nats', 'tls', 'ws', 'wss'])
    .refine(withoutCredentials, { message: 'must not carry a user or password: set NATS_USER and NATS_PASSWORD (or NATS_TOKEN) instead' })
    .default('nats://127.0.0.1:4222'),
  ASTRA_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must contain only letters, digits, "_" and "-"')
    .optional(),
  /** Ack wait of every durable consumer (how soon a crashed instance's work is redelivered); unset: the registry's. */
  BUS_ACK_WAIT_MS: z.coerce.number().int().min(1000).optional(),
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_TOKEN: z.string().optional(),
  /** Path of a .creds file (user JWT and NKey seed), as `nsc` writes it. */
  NATS_CREDS: z.string().optional(),
  /** Path of a file holding an NKey seed (`SU...`). */
  NATS_NKEY_SEED_FILE: z.string().optional(),
  /** PEM files: the CA that signed the server's certificate; the client certificate and its key (mutual TLS). */
  NATS_TLS_CA: z.string().optional(),
  NATS_TLS_CERT: z.string().optional(),
  NATS_TLS_KEY: z.string().optional(),
  /** A service connects without credentials only when this says the NATS server is a local development one. */
  ASTRA_INSECURE_LOCAL_BUS: booleanFlag.default(false),
};

/** DATABASE_URL set means PostgreSQL; unset means SQLite files under ASTRA_DATA_DIR. */
export const databaseEnv = {
  DATABASE_URL: urlWithProtocol(['postgres', 'postgresql']).optional(),
  ASTRA_DATA_DIR: z.string().default('.data'),
};

/** PORT and HOST (interface) of the service's HTTP server (health probes and APIs): loopback unless told otherwise. */
export const httpEnv = {
  PORT: portSchema.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
};

/** LOG_LEVEL of the pino logger. */
export const logEnv = {
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
};

/** Everything a service needs from the platform: spread it into a service's own z.object. */
export const platformEnv = { ...busEnv, ...databaseEnv, ...httpEnv, ...logEnv };
