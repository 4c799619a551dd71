import { readFile } from 'node:fs/promises';
import { credsAuthenticator, nkeyAuthenticator, type ConnectionOptions } from '@nats-io/nats-core';
import { BusError } from '@astra/contracts';
import { redactSecrets, urlCredentials } from '@astra/platform/config';

/** How the bus proves who it is to NATS. Files are read when the bus connects. */
export type BusCredentials =
  | { readonly kind: 'user'; readonly user: string; readonly password: string }
  | { readonly kind: 'token'; readonly token: string }
  /** A .creds file: a user JWT and the NKey seed that signs the server's nonce. */
  | { readonly kind: 'creds-file'; readonly path: string }
  | { readonly kind: 'nkey-seed-file'; readonly path: string };

/** TLS to the NATS server: the CA of its certificate, and a client certificate and key for mutual TLS. */
export interface BusTls {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

type AuthOptions = Pick<ConnectionOptions, 'user' | 'pass' | 'token' | 'authenticator' | 'tls'>;

/** The NATS connect options of some credentials and TLS settings; reads the creds or seed file. */
export async function natsAuthOptions(credentials?: BusCredentials, tls?: BusTls): Promise<AuthOptions> {
  const options: AuthOptions = tls ? { tls: { ...tls } } : {};
  switch (credentials?.kind) {
    case undefined:
      return options;
    case 'user':
      return { ...options, user: credentials.user, pass: credentials.password };
    case 'token':
      return { ...options, token: credentials.token };
    case 'creds-file':
      return { ...options, authenticator: credsAuthenticator(await readSecretFile(credentials.path, 'creds')) };
    case 'nkey-seed-file':
      return { ...options, authenticator: nkeyAuthenticator(await readSecretFile(credentials.path, 'NKey seed')) };
  }
}

/** The secret values of some credentials, to scrub from any message (file contents are never put in one). */
export function credentialSecrets(credentials?: BusCredentials): string[] {
  if (credentials?.kind === 'user') return [credentials.password];
  if (credentials?.kind === 'token') return [credentials.token];
  return [];
}

/** `servers` as they may be printed: any user and password in a URL replaced. */
export function printableServers(servers: readonly string[]): string {
  const text = servers.join(',');
  return redactSecrets(text, urlCredentials(text));
}

/** Reads a secret file, trimmed; the error names the file and the reason, never its content. */
async function readSecretFile(path: string, what: string): Promise<Uint8Array> {
  try {
    return new TextEncoder().encode((await readFile(path, 'utf8')).trim());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new BusError('UNAVAILABLE', `cannot read the NATS ${what} file ${path} (${code})`, { retryable: false });
  }
}
