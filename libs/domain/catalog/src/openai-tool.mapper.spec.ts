import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog, toOpenAiTool } from './catalog-filter';
import { mapOpenAiTool, mapOpenAiToolsFile, openAiToolList } from './openai-tool.mapper';

const fixture: unknown = JSON.parse(readFileSync(join(__dirname, '../test/fixtures/openai-tools.json'), 'utf8'));

describe('openAiToolList', () => {
  it('accepts a list, an object with tools, or one tool', () => {
    expect(openAiToolList([1])).toEqual([1]);
    expect(openAiToolList({ tools: [2] })).toEqual([2]);
    expect(openAiToolList({ name: 'x' })).toEqual([{ name: 'x' }]);
  });

  it('rejects anything else with a clear error', () => {
    expect(() => openAiToolList({ foo: 1 })).toThrow('expected a list of tool definitions');
  });
});

describe('mapOpenAiTool', () => {
  it('unwraps the function form and reads the response schema as output', () => {
    expect(
      mapOpenAiTool({
        type: 'function',
        function: { name: 'f', description: 'd', parameters: { type: 'object' }, response: { type: 'dict' } },
      }),
    ).toEqual({
      name: 'f',
      description: 'd',
      inputSchema: { type: 'object' },
      outputSchema: { type: 'dict' },
    });
  });
});

describe('an OpenAI/BFCL tools file', () => {
  const catalog = buildCatalog([mapOpenAiToolsFile(fixture, 'math')]);

  it('maps "dict" schemas, nested ones and response schemas', () => {
    const server = catalog.servers[0];
    expect(server?.name).toBe('math');
    expect(server?.origin).toBe('openai-tools');
    const factorial = server?.tools.find((t) => t.name === 'math_factorial');
    expect(factorial?.parameters).toEqual({
      type: 'object',
      properties: { number: { type: 'integer', description: 'The number.' } },
      required: ['number'],
    });
    expect(factorial?.outputSchema).toEqual({ type: 'object', properties: { result: { type: 'integer' } } });
    const hypot = server?.tools.find((t) => t.name === 'math_hypot');
    expect(hypot?.parameters.properties).toEqual({
      point: { type: 'array', items: { type: 'number' } },
      options: { type: 'object', properties: { precision: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } },
    });
    expect(hypot && toOpenAiTool(hypot)).toEqual({
      type: 'function',
      function: { name: 'math_hypot', description: hypot?.description, parameters: hypot?.parameters },
    });
  });

  it('records why tools were left out', () => {
    expect(catalog.rejections).toEqual([
      { server: 'math', tool: 'math_mystery', reason: 'missing_description', detail: 'tool "math_mystery" has no description' },
      {
        server: 'math',
        tool: 'math_broken',
        reason: 'unmappable_schema',
        detail: 'tool "math_broken": parameters.properties.x.type: unknown type "matrix"',
      },
      {
        server: 'math',
        tool: 'math.round',
        reason: 'unmappable_schema',
        detail: 'tool name "math.round" is not a function name: 1 to 64 letters, digits, "_" or "-"',
      },
    ]);
  });
});
