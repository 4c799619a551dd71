import { BusError, type CatalogSource } from '@astra/contracts';
import type { RawServer } from '@astra/domain/catalog';
import { CatalogSourceReader } from './catalog-source.reader';
import type { FileSourceReader } from './file-source.reader';
import type { McpSourceReader } from './mcp-source.reader';

const server = (name: string): RawServer => ({ name, origin: 'mcp-stdio', tools: [] });
const mcp = (name: string): CatalogSource => ({ type: 'mcp-stdio', name });

function readerWith(behaviour: Record<string, () => Promise<RawServer>>, concurrency = 2) {
  const fakeMcp = {
    read: (source: { name: string }) => behaviour[source.name]?.() ?? Promise.reject(new Error('unknown')),
  } as unknown as McpSourceReader;
  const fakeFiles = {
    read: async () => ({
      servers: [server('from-file')],
      rejections: [{ server: 'f.jsonl', reason: 'malformed_line', detail: 'line 2', line: 2 }],
    }),
  } as unknown as FileSourceReader;
  return new CatalogSourceReader(fakeFiles, fakeMcp, concurrency);
}

describe('CatalogSourceReader.readAll', () => {
  it('keeps source order and turns a failed source into an error and a source_failed rejection', async () => {
    const reader = readerWith({
      slow: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return server('slow');
      },
      broken: async () => {
        throw new BusError('MCP_SERVER_FAILED', 'MCP server "broken" failed: boom');
      },
      fast: async () => server('fast'),
    });
    const file: CatalogSource = {
      type: 'astra-jsonl',
      filename: 'f.jsonl',
      artifact: { key: `sha256/${'a'.repeat(64)}`, sha256: 'a'.repeat(64), size: 1 },
    };
    const read = await reader.readAll([mcp('slow'), mcp('broken'), file, mcp('fast')]);
    expect(read.servers.map((s) => s.name)).toEqual(['slow', 'from-file', 'fast']);
    expect(read.errors).toEqual([{ source: 'broken', code: 'MCP_SERVER_FAILED', message: 'MCP server "broken" failed: boom' }]);
    expect(read.rejections).toEqual([
      { server: 'broken', reason: 'source_failed', detail: 'MCP server "broken" failed: boom' },
      { server: 'f.jsonl', reason: 'malformed_line', detail: 'line 2', line: 2 },
    ]);
  });

  it('rethrows a retryable infrastructure fault so the command is redelivered', async () => {
    const reader = readerWith({ down: async () => Promise.reject(new BusError('UNAVAILABLE', 'object store unreachable')) });
    await expect(reader.readAll([mcp('down')])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
