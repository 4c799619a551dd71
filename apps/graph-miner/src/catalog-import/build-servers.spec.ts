import type { RawServer } from '@astra/domain/catalog';
import { buildServers } from './build-servers';

const tools = (prefix: string) =>
  ['get', 'list', 'put'].map((verb) => ({
    name: `${prefix}_${verb}`,
    description: `${verb}s`,
    inputSchema: { type: 'object', properties: {} },
  }));

/** A tool whose schema overflows the stack when read: what a bound the catalog rules missed would do. */
const overflowing = {
  name: 'deep_x',
  description: 'nested',
  get inputSchema(): unknown {
    throw new RangeError('Maximum call stack size exceeded');
  },
};

describe('buildServers', () => {
  it('fails only the server whose normalisation throws, and builds the others', () => {
    const raw: RawServer[] = [
      { name: 'good', origin: 'astra-jsonl', tools: tools('good') },
      { name: 'deep', origin: 'astra-jsonl', line: 2, tools: [...tools('deep'), overflowing] },
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
