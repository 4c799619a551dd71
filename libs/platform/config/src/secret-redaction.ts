// Configuration errors are printed at boot and end up in logs: they name what is wrong and where, and never quote
// a secret. These helpers find the secrets in what was read, so that any message built from it can be scrubbed.

/** Names whose values are secrets: anything with KEY, TOKEN, SECRET, PASSWORD, PASSWD, CREDENTIAL or AUTH in it. */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH/i;

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not replaced: they guard nothing, and replacing them would garble the message. */
const MIN_SECRET_LENGTH = 4;

// Characters that end the authority part of a URL (or the URL itself, in running text).
const AUTHORITY_END = new Set(['/', '?', '#', ' ', '\t', '\r', '\n', '"', "'", '<', '>', ',', ';']);

/** True for a variable or field name whose value is a secret (API_KEY, apiKey, NATS_TOKEN, DB_PASSWORD...). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * The credentials of every URL in a text, e.g. `user:pass` and `pass` in `postgres://user:pass@db/astra`. One scan
 * from each `://`, each stopping at the next `/`, so linear in the text.
 */
export function urlCredentials(text: string): string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const scheme = text.indexOf('://', from);
    if (scheme < 0) return found;
    const start = scheme + 3;
    let end = start;
    let at = -1;
    while (end < text.length && !AUTHORITY_END.has(text[end] as string)) {
      if (text[end] === '@') at = end;
      end++;
    }
    if (at > start) {
      const userInfo = text.slice(start, at);
      found.push(userInfo);
      const colon = userInfo.indexOf(':');
      if (colon >= 0) found.push(userInfo.slice(colon + 1));
    }
    // The scan stopped at the first "/", so the next "://" starts at its last character at the earliest.
    from = Math.max(end - 1, start);
  }
}

/** `text` with every occurrence of each secret replaced by REDACTED, longest secrets first. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const ordered = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) out = out.split(secret).join(REDACTED);
  return out;
}

/** The secrets of an environment: values of secret-named variables, and credentials in any URL of any value. */
export function envSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (isSecretName(name)) secrets.push(value);
    secrets.push(...urlCredentials(value));
  }
  return secrets;
}

/**
 * The secrets in a parsed config document (YAML or JSON): every string under a secret-named key, at any depth, and
 * credentials in any URL. Iterative and cycle-safe, since YAML aliases can share or loop.
 */
export function documentSecrets(document: unknown): string[] {
  const secrets: string[] = [];
  const seen = new Set<object>();
  const pending: { value: unknown; secret: boolean }[] = [{ value: document, secret: false }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, secret } = item;
    if (typeof value === 'string') {
      if (secret) secrets.push(value);
      secrets.push(...urlCredentials(value));
    } else if (typeof value === 'object' && value !== null && !seen.has(value)) {
      seen.add(value);
      for (const [key, child] of Object.entries(value)) pending.push({ value: child, secret: secret || isSecretName(key) });
    }
  }
  return secrets;
}
