import type { ImportReport } from '@astra/contracts';
import { renderImportReport, renderServer, renderServerList, summarizeParameters } from './catalog-render';

const report: ImportReport = {
  importId: 'imp-1',
  status: 'failed',
  sources: 2,
  serversSeen: 3,
  serversImported: 1,
  toolsImported: 2,
  toolsNewVersions: 1,
  toolsUnchanged: 0,
  rejections: [{ server: 'servers.jsonl', reason: 'malformed_line', detail: 'servers.jsonl line 4: invalid JSON', line: 4 }],
  rejectionsTotal: 1,
  errors: [{ source: 'ghost', code: 'MCP_SERVER_FAILED', message: 'MCP server "ghost" failed: spawn ghost ENOENT' }],
  errorsTotal: 1,
  progress: { done: 1, total: 1 },
  servers: [{ name: 'notes', outcome: 'changed', version: 2, toolsImported: 2, toolsNewVersions: 1, toolsUnchanged: 0 }],
};

describe('catalog rendering', () => {
  it('summarises an import with servers, rejections and failed sources', () => {
    const text = renderImportReport(report);
    expect(text).toContain('Import imp-1: failed (2 source(s), 3 server(s) seen, 1 imported)');
    expect(text).toMatch(/notes\s+changed\s+2\s+2\s+1\s+0/);
    expect(text).toMatch(/servers\.jsonl\s+-\s+malformed_line\s+4\s+servers\.jsonl line 4: invalid JSON/);
    expect(text).toMatch(/ghost\s+MCP_SERVER_FAILED\s+MCP server "ghost" failed/);
    expect(text).not.toContain('Error:');
  });

  it('says why an import failed', () => {
    const failed = { ...report, errors: [], errorsTotal: 0, error: { code: 'UNAVAILABLE', message: 'the database went away' } };
    expect(renderImportReport(failed).split('\n').slice(0, 2)).toEqual([
      'Import imp-1: failed (2 source(s), 3 server(s) seen, 1 imported)',
      'Error: UNAVAILABLE: the database went away',
    ]);
  });

  it('says how many sources failed in an import that completed', () => {
    expect(renderImportReport({ ...report, status: 'completed' }).split('\n')[0]).toBe(
      'Import imp-1: completed (2 source(s), 3 server(s) seen, 1 imported); 1 source(s) failed',
    );
  });

  it('lists servers with totals, or says the catalog is empty', () => {
    const servers = [
      { name: 'memory', origin: 'mcp-stdio', toolCount: 9, version: 1, contentHash: 'a'.repeat(64), updatedAt: '2026-01-01T00:00:00.000Z' },
    ];
    expect(renderServerList({ servers })).toMatch(/memory\s+mcp-stdio\s+9\s+1\s+aaaaaaaaaaaa/);
    expect(renderServerList({ servers })).toContain('1 server(s), 9 tool(s)');
    expect(renderServerList({ servers: [] })).toContain('No servers in the catalog');
  });

  it('summarises parameters with required ones starred', () => {
    expect(
      summarizeParameters({
        type: 'object',
        properties: { path: { type: 'string' }, depth: { type: ['integer', 'null'] }, x: {} },
        required: ['path'],
      }),
    ).toBe('path*: string, depth: integer|null, x: any');
  });

  it('shows a server with its tools', () => {
    const text = renderServer({
      server: { name: 'memory', origin: 'mcp-stdio', toolCount: 1, version: 1, contentHash: 'b'.repeat(64), updatedAt: '' },
      tools: [
        {
          name: 'search_nodes',
          description: 'Search',
          version: 1,
          contentHash: 'c',
          openai: { type: 'function', function: { parameters: { properties: { query: { type: 'string' } }, required: ['query'] } } },
          outputSchema: { type: 'object' },
        },
      ],
    });
    expect(text).toContain('memory: version 1, origin mcp-stdio, 1 tool(s)');
    expect(text).toMatch(/search_nodes\s+1\s+query\*: string\s+yes\s+Search/);
  });
});
