import { CATALOG_MESSAGES, CatalogSourceSchema } from './catalog.messages';

const importRequested = CATALOG_MESSAGES['catalog.import.requested'];

describe('catalog.import.requested', () => {
  it('is v2: an mcp-stdio source is a server name', () => {
    expect(importRequested.subject).toBe('astra.command.catalog.import.requested.v2');
    expect(importRequested.payload.parse({ importId: 'i', sources: [{ type: 'mcp-stdio', name: 'memory' }] })).toEqual({
      importId: 'i',
      sources: [{ type: 'mcp-stdio', name: 'memory' }],
    });
  });

  it.each([
    ['a command', { command: 'sh' }],
    ['arguments', { args: ['-c', 'id'] }],
    ['an environment', { env: { LD_PRELOAD: '/tmp/x.so' } }],
    ['a working directory', { cwd: '/' }],
  ])('refuses an mcp-stdio source that carries %s (the old v1 fields), instead of dropping it', (_what, extra) => {
    const result = importRequested.payload.safeParse({ importId: 'i', sources: [{ type: 'mcp-stdio', name: 'memory', ...extra }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/Unrecognized key/);
  });

  it('refuses names that are not plain names', () => {
    for (const name of ['', 'node server.js', '../memory', '-rf', 'a'.repeat(129)]) {
      expect(CatalogSourceSchema.safeParse({ type: 'mcp-stdio', name }).success).toBe(false);
    }
  });
});
