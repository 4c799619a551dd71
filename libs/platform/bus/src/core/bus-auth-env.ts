import { ConfigError, type ConfigProblem } from '@astra/platform/config';
import type { BusCredentials, BusTls } from '../nats/bus-credentials';

/** The authentication variables of busEnv (@astra/platform/config), parsed. */
export interface BusAuthEnv {
  readonly NATS_USER?: string | undefined;
  readonly NATS_PASSWORD?: string | undefined;
  readonly NATS_TOKEN?: string | undefined;
  readonly NATS_CREDS?: string | undefined;
  readonly NATS_NKEY_SEED_FILE?: string | undefined;
  readonly NATS_TLS_CA?: string | undefined;
  readonly NATS_TLS_CERT?: string | undefined;
  readonly NATS_TLS_KEY?: string | undefined;
  readonly ASTRA_INSECURE_LOCAL_BUS?: boolean | undefined;
}

/** What NatsBus needs to authenticate, mapped from the environment. */
export interface BusAuth {
  readonly credentials?: BusCredentials;
  readonly tls?: BusTls;
}

const METHODS = 'NATS_USER and NATS_PASSWORD, NATS_TOKEN, NATS_CREDS (a .creds file) or NATS_NKEY_SEED_FILE';

/**
 * The one mapping of the bus variables to credentials and TLS. Throws a ConfigError (naming variables, never values)
 * for half a pair, two ways to authenticate at once, or, when `requireCredentials` (a service), none at all unless
 * ASTRA_INSECURE_LOCAL_BUS says the NATS server is a local development one.
 */
export function busAuthFromEnv(env: BusAuthEnv, options: { requireCredentials: boolean }): BusAuth {
  const problems: ConfigProblem[] = [];
  const pair = (a: keyof BusAuthEnv, b: keyof BusAuthEnv) => {
    if ((env[a] === undefined) !== (env[b] === undefined)) {
      const [set, unset] = env[a] === undefined ? [b, a] : [a, b];
      problems.push({ variable: unset, problem: `is required when ${set} is set` });
    }
  };
  pair('NATS_USER', 'NATS_PASSWORD');
  pair('NATS_TLS_CERT', 'NATS_TLS_KEY');
  const given = (['NATS_USER', 'NATS_TOKEN', 'NATS_CREDS', 'NATS_NKEY_SEED_FILE'] as const).filter((name) => env[name] !== undefined);
  if (given.length > 1) problems.push({ variable: given.join(', '), problem: `give one way to authenticate to NATS, not ${given.length}` });
  const credentials = toCredentials(env);
  if (!credentials && options.requireCredentials && env.ASTRA_INSECURE_LOCAL_BUS !== true && problems.length === 0) {
    problems.push({
      variable: 'NATS credentials',
      problem: `none are set: set ${METHODS} (with NATS_TLS_CA, NATS_TLS_CERT, NATS_TLS_KEY for TLS); only against a local development NATS server without authorization, set ASTRA_INSECURE_LOCAL_BUS=true`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const tls = toTls(env);
  return { ...(credentials ? { credentials } : {}), ...(tls ? { tls } : {}) };
}

function toCredentials(env: BusAuthEnv): BusCredentials | undefined {
  if (env.NATS_USER !== undefined && env.NATS_PASSWORD !== undefined)
    return { kind: 'user', user: env.NATS_USER, password: env.NATS_PASSWORD };
  if (env.NATS_TOKEN !== undefined) return { kind: 'token', token: env.NATS_TOKEN };
  if (env.NATS_CREDS !== undefined) return { kind: 'creds-file', path: env.NATS_CREDS };
  if (env.NATS_NKEY_SEED_FILE !== undefined) return { kind: 'nkey-seed-file', path: env.NATS_NKEY_SEED_FILE };
  return undefined;
}

function toTls(env: BusAuthEnv): BusTls | undefined {
  if (env.NATS_TLS_CA === undefined && env.NATS_TLS_CERT === undefined) return undefined;
  return {
    ...(env.NATS_TLS_CA !== undefined ? { caFile: env.NATS_TLS_CA } : {}),
    ...(env.NATS_TLS_CERT !== undefined ? { certFile: env.NATS_TLS_CERT } : {}),
    ...(env.NATS_TLS_KEY !== undefined ? { keyFile: env.NATS_TLS_KEY } : {}),
  };
}
