import type { RawServer } from '@astra/domain/catalog';
import { buildServers } from './build-servers';

const tools = (prefix: string) => ['get', 'list', 'put'].map((verb) => ({ name: `${prefix}_${verb}`, description: `${verb}s`, inputSchema: { type: 'object', properties: {} } }));

/** An object nested `depth` levels deep, built without recursion. */
function deepSchema(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < depth; i += 1) schema = { type: 'object', properties: { x: schema } };
  return schema;
}

describe('buildServers', () => {
  it('fails only the server whose normalisation throws, and builds the others', () => {
    const raw: RawServer[] = [
      { name: 'good', origin: 'astra-jsonl', tools: tools('good') },
      // Metadata is hashed as it is: nested past the stack, hashing it throws (a RangeError, not a rejection).
      { name: 'deep', origin: 'astra-jsonl', line: 2, metadata: { call_info: deepSchema(20_000) }, tools: tools('deep') },
      { name: 'small', origin: 'astra-jsonl', tools: tools('small').slice(0, 1) },
    ];
    const built = buildServers(raw, 3);
    expect(built.servers.map((s) => s.name)).toEqual(['good']);
    expect(built.failed).toBe(1);
    expect(built.rejections.map((r) => [r.server, r.reason])).toEqual([
      ['deep', 'server_failed'],
      ['small', 'too_few_tools'],
    ]);
    expect(built.rejections[0]).toMatchObject({ line: 2, detail: expect.stringContaining('nested too deeply') });
  });
});
