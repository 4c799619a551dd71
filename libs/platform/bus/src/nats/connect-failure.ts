import { AuthorizationError, UserAuthenticationExpiredError } from '@nats-io/nats-core';
import { BusError } from '@astra/contracts';
import { redactSecrets } from '@astra/platform/config';
import { credentialSecrets, printableServers, type BusCredentials } from './bus-credentials';

/**
 * Why the first connection failed, said plainly: a refusal of the credentials (or of their absence) is not retryable.
 * The message names the servers without any user or password and never quotes a secret; the client's error is not
 * kept as the cause, so a logger that prints causes prints nothing more.
 */
export function connectFailure(error: unknown, servers: readonly string[], credentials?: BusCredentials): BusError {
  const where = printableServers(servers);
  const reason = redactSecrets(error instanceof Error ? error.message : String(error), credentialSecrets(credentials));
  if (error instanceof AuthorizationError || error instanceof UserAuthenticationExpiredError) {
    const refused = credentials
      ? `the credentials it was given (${describe(credentials)})`
      : 'a connection without credentials (none are configured)';
    return new BusError('UNAVAILABLE', `NATS at ${where} refused ${refused}: ${reason}`, { retryable: false });
  }
  return new BusError('UNAVAILABLE', `cannot connect to NATS at ${where}: ${reason}`);
}

function describe(credentials: BusCredentials): string {
  switch (credentials.kind) {
    case 'user':
      return `user "${credentials.user}" and a password`;
    case 'token':
      return 'a token';
    case 'creds-file':
      return `creds file ${credentials.path}`;
    case 'nkey-seed-file':
      return `NKey seed file ${credentials.path}`;
  }
}
