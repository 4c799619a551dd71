import type { ImportReport } from '@astra/contracts';
import { nothingImported, renderImportReport, renderServer, renderServerList, summarizeParameters } from './catalog-render';

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

describe('nothingImported', () => {
  const rejectedAll: ImportReport = {
    ...report,
    status: 'completed',
    serversImported: 0,
    errors: [],
    errorsTotal: 0,
    servers: [],
    rejections: [
      { server: 'fs', tool: 'ls', reason: 'missing_description', detail: 'tool "ls" has\nno description' },
      { server: 'fs', reason: 'too_few_tools', detail: 'fs has 0 tools, fewer than 1' },
    ],
    rejectionsTotal: 2,
  };

  it('says in one line why an import whose every row was rejected stored nothing', () => {
    const line = nothingImported(rejectedAll);
    expect(line).toBe(
      'nothing imported: all 2 row(s), server(s) or tool(s) read were rejected; first: fs / ls: missing_description: tool "ls" has no description',
    );
    expect(line).not.toContain('\n');
  });

  it('says nothing when something was stored, nothing was rejected, or the import failed', () => {
    expect(nothingImported({ ...rejectedAll, serversImported: 1 })).toBeUndefined();
    expect(nothingImported({ ...rejectedAll, rejections: [], rejectionsTotal: 0 })).toBeUndefined();
    expect(nothingImported({ ...rejectedAll, status: 'failed' })).toBeUndefined();
  });
});
