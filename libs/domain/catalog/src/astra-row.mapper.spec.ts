import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapAstraRow, readAstraJsonl } from './astra-row.mapper';
import { buildCatalog } from './catalog-filter';

const fixture = readFileSync(join(__dirname, '../test/fixtures/mcp_servers.jsonl'), 'utf8');

describe('mapAstraRow', () => {
  it('names the server from group_info and keeps call_info and features', () => {
    const result = mapAstraRow(
      {
        base_info: { group_info: { server_name: 's', server_description: 'desc', category: 'c' }, tool_list: [] },
        call_info: { type: 'sse' },
        features: { n: 0 },
      },
      7,
    );
    expect(result).toEqual({
      ok: true,
      server: {
        name: 's',
        origin: 'astra-jsonl',
        description: 'desc',
        line: 7,
        tools: [],
        metadata: { call_info: { type: 'sse' }, features: { n: 0 }, group_info: { category: 'c' } },
      },
    });
  });

  it('explains what is wrong with a row', () => {
    expect(mapAstraRow([], 1)).toEqual({ ok: false, error: 'line 1: a row must be a JSON object' });
    expect(mapAstraRow({}, 2)).toEqual({ ok: false, error: 'line 2: missing "base_info" object' });
    expect(mapAstraRow({ base_info: { tool_list: [] } }, 3)).toEqual({
      ok: false,
      error: 'line 3: "base_info.group_info" has no server name',
    });
    expect(mapAstraRow({ base_info: { group_info: { name: 'x' }, tool_list: {} } }, 4)).toEqual({
      ok: false,
      error: 'line 4: "base_info.tool_list" must be a list',
    });
  });
});

describe('readAstraJsonl on a realistic file with malformed lines', () => {
  const { servers, rejections } = readAstraJsonl(fixture, 'mcp_servers.jsonl');

  it('imports the good rows and reports the bad lines by number', () => {
    expect(servers.map((s) => [s.name, s.line])).toEqual([
      ['weather-service', 1],
      ['tiny-notes', 3],
      ['calendar', 6],
    ]);
    expect(rejections).toEqual([
      expect.objectContaining({
        server: 'mcp_servers.jsonl',
        reason: 'malformed_line',
        line: 2,
        detail: expect.stringContaining('line 2: invalid JSON'),
      }),
      expect.objectContaining({ reason: 'malformed_line', line: 5, detail: 'mcp_servers.jsonl line 5: missing "base_info" object' }),
    ]);
  });

  it('filters the servers and tools as the paper does, recording every reason', () => {
    const catalog = buildCatalog(servers);
    expect(catalog.servers.map((s) => [s.name, s.tools.map((t) => t.name)])).toEqual([
      ['weather-service', ['get_air_quality', 'get_current_weather', 'get_forecast', 'list_alerts']],
      ['calendar', ['create_event', 'delete_event', 'list_events']],
    ]);
    expect(catalog.rejections.map((r) => [r.server, r.tool, r.reason, r.line])).toEqual([
      ['weather-service', 'debug_dump', 'missing_description', 1],
      ['tiny-notes', undefined, 'too_few_tools', 3],
      ['calendar', 'move_event', 'unmappable_schema', 6],
    ]);
    const weather = catalog.servers[0];
    expect(weather?.tools.find((t) => t.name === 'get_forecast')?.parameters).toMatchObject({ type: 'object', required: ['city', 'days'] });
    expect(weather?.tools.find((t) => t.name === 'get_air_quality')?.outputSchema).toEqual({
      type: 'object',
      properties: { aqi: { type: 'integer' } },
    });
    expect(weather?.metadata).toMatchObject({ call_info: { type: 'sse' }, features: { domain: 'weather' } });
  });
});
