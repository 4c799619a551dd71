import { documentSecrets, envSecrets, isSecretName, redactSecrets, urlCredentials } from './secret-redaction';

describe('secret redaction', () => {
  it('tells secret names by KEY, TOKEN, SECRET, PASSWORD and the like, in any case', () => {
    expect(['OPENAI_API_KEY', 'apiKey', 'NATS_TOKEN', 'CLIENT_SECRET', 'DB_PASSWORD', 'Authorization'].every(isSecretName)).toBe(true);
    expect(['NATS_URL', 'PORT', 'LOG_LEVEL', 'ASTRA_DATA_DIR'].some(isSecretName)).toBe(false);
  });

  it('finds URL credentials in running text, with and without a password', () => {
    expect(urlCredentials('a postgres://astra:pa@ss@db:5432/x and nats://tok@h:4222, https://h/p?q=a@b')).toEqual([
      'astra:pa@ss',
      'pa@ss',
      'tok',
    ]);
    expect(urlCredentials('no urls here: //x@y')).toEqual([]);
  });

  it('stays linear on text made of scheme separators', () => {
    expect(urlCredentials('://'.repeat(100_000) + 'u:p@h')).toEqual(['u:p', 'p']);
  });

  it('replaces every occurrence, longest first, and leaves very short values alone', () => {
    expect(redactSecrets('key abcdef in abcdef-long, x stays', ['abcdef', 'abcdef-long', 'x'])).toBe(
      'key [redacted] in [redacted], x stays',
    );
  });

  it('collects the secrets of an environment and of a parsed document, cycles included', () => {
    expect(envSecrets({ API_KEY: 'k-123', DATABASE_URL: 'postgres://u:pw12@h/d', PORT: '1', EMPTY: undefined })).toEqual([
      'k-123',
      'u:pw12',
      'pw12',
    ]);
    const doc: Record<string, unknown> = {
      roles: { a: { endpoints: [{ baseUrl: 'http://u:pw34@h/v1', apiKey: 'k-456' }] } },
      auth: { nested: ['t-789'] },
    };
    doc['self'] = doc;
    expect(documentSecrets(doc).sort()).toEqual(['k-456', 'pw34', 't-789', 'u:pw34'].sort());
  });
});
