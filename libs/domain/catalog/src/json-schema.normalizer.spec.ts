import { normalizeParameters, normalizeSchema } from './json-schema.normalizer';

describe('normalizeSchema', () => {
  it('maps Python-style type names at every depth', () => {
    const result = normalizeSchema({
      type: 'dict',
      properties: {
        point: { type: 'tuple', items: { type: 'float' } },
        opts: { type: 'dict', properties: { tags: { type: 'list', items: { type: 'str' } }, on: { type: 'bool' } } },
        any: { type: 'any', description: 'anything' },
        either: { anyOf: [{ type: 'int' }, { type: 'null' }] },
      },
      additionalProperties: { type: 'str' },
    });
    expect(result).toEqual({
      ok: true,
      schema: {
        type: 'object',
        properties: {
          point: { type: 'array', items: { type: 'number' } },
          opts: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } }, on: { type: 'boolean' } } },
          any: { description: 'anything' },
          either: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
        },
        additionalProperties: { type: 'string' },
      },
    });
  });

  it('maps type lists and keeps other keywords', () => {
    expect(normalizeSchema({ type: ['str', 'null'], enum: ['a', null], description: 'd' })).toEqual({
      ok: true,
      schema: { type: ['string', 'null'], enum: ['a', null], description: 'd' },
    });
  });

  it('says where a schema cannot be mapped', () => {
    expect(normalizeSchema({ type: 'object', properties: { x: { type: 'matrix' } } })).toEqual({
      ok: false,
      error: 'schema.properties.x.type: unknown type "matrix"',
    });
    expect(normalizeSchema({ type: 'object', properties: { x: 3 } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('schema.properties.x'),
    });
    expect(normalizeSchema({ type: 'object', required: true })).toMatchObject({ ok: false, error: expect.stringContaining('required') });
    expect(normalizeSchema({ properties: [] })).toMatchObject({
      ok: false,
      error: expect.stringContaining('must be an object of schemas'),
    });
    expect(normalizeSchema('string')).toMatchObject({ ok: false });
  });
});

describe('normalizeParameters', () => {
  it('treats a missing schema as no arguments', () => {
    expect(normalizeParameters(undefined)).toEqual({ ok: true, schema: { type: 'object', properties: {} } });
    expect(normalizeParameters({})).toEqual({ ok: true, schema: { type: 'object', properties: {} } });
  });

  it('adds the object type when only properties are given', () => {
    expect(normalizeParameters({ properties: { a: { type: 'int' } } })).toEqual({
      ok: true,
      schema: { type: 'object', properties: { a: { type: 'integer' } } },
    });
  });

  it('rejects arguments that are not an object schema', () => {
    expect(normalizeParameters({ type: 'string' })).toEqual({
      ok: false,
      error: 'parameters: must be an object schema, got type "string"',
    });
  });
});
