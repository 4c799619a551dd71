import { nestsDeeperThan, quote } from './catalog-bounds';
import { MAX_JSON_DEPTH, MAX_SCHEMA_DEPTH } from './catalog-limits';
import type { JsonSchema } from './catalog.types';

/** Python- and BFCL-style type names that tool catalogs use in place of JSON Schema's. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  dict: 'object',
  object: 'object',
  list: 'array',
  array: 'array',
  tuple: 'array',
  str: 'string',
  string: 'string',
  int: 'integer',
  integer: 'integer',
  float: 'number',
  number: 'number',
  bool: 'boolean',
  boolean: 'boolean',
  null: 'null',
};

/** Type names that mean "anything": the `type` keyword is dropped. */
const ANY_TYPES = new Set(['any', 'Any']);

const SCHEMA_MAP_KEYS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;
const SCHEMA_LIST_KEYS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SCHEMA_KEYS = ['additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'] as const;

export type SchemaResult = { ok: true; schema: JsonSchema } | { ok: false; error: string };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class UnmappableSchema extends Error {}

function fail(path: string, message: string): never {
  throw new UnmappableSchema(`${path}: ${message}`);
}

/** A property name as a path step: as is when plain, quoted (cut short, escaped) otherwise. */
function step(name: string): string {
  return /^[A-Za-z0-9_$-]{1,40}$/.test(name) ? `.${name}` : `[${quote(name)}]`;
}

function mapType(type: unknown, path: string): string | string[] | undefined {
  if (typeof type === 'string') {
    if (ANY_TYPES.has(type)) return undefined;
    const mapped = Object.hasOwn(TYPE_ALIASES, type) ? TYPE_ALIASES[type] : undefined;
    if (!mapped) fail(path, `unknown type ${quote(type)}`);
    return mapped;
  }
  if (Array.isArray(type) && type.length > 0) {
    return type.map((member, i) => {
      const mapped = typeof member === 'string' && Object.hasOwn(TYPE_ALIASES, member) ? TYPE_ALIASES[member] : undefined;
      if (!mapped) fail(`${path}[${i}]`, `unknown type ${quote(member)}`);
      return mapped;
    });
  }
  return fail(path, `type must be a string or a non-empty list of strings, got ${quote(type)}`);
}

function mapNode(node: unknown, path: string, depth: number): JsonSchema {
  if (depth > MAX_SCHEMA_DEPTH) fail(path, `subschemas nest deeper than ${MAX_SCHEMA_DEPTH} levels`);
  if (typeof node === 'boolean') return node ? {} : { not: {} };
  if (!isPlainObject(node)) fail(path, `expected a schema object, got ${quote(node)}`);
  const out: JsonSchema = { ...node };
  if ('type' in node) {
    const type = mapType(node.type, `${path}.type`);
    if (type === undefined) delete out.type;
    else out.type = type;
  }
  if ('required' in node) {
    const required = node.required;
    // Some catalogs put `required: true` on a property; that is not JSON Schema and has no mapping we can trust.
    if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) {
      fail(`${path}.required`, 'must be a list of property names');
    }
  }
  for (const key of SCHEMA_MAP_KEYS) {
    const members = node[key];
    if (members === undefined) continue;
    if (!isPlainObject(members)) fail(`${path}.${key}`, 'must be an object of schemas');
    out[key] = Object.fromEntries(
      Object.entries(members).map(([name, member]) => [name, mapNode(member, `${path}.${key}${step(name)}`, depth + 1)]),
    );
  }
  for (const key of SCHEMA_LIST_KEYS) {
    const members = node[key];
    if (members === undefined) continue;
    if (!Array.isArray(members)) fail(`${path}.${key}`, 'must be a list of schemas');
    out[key] = members.map((member, i) => mapNode(member, `${path}.${key}[${i}]`, depth + 1));
  }
  for (const key of SCHEMA_KEYS) {
    if (node[key] !== undefined) out[key] = mapNode(node[key], `${path}.${key}`, depth + 1);
  }
  if (node.items !== undefined) {
    out.items = Array.isArray(node.items)
      ? node.items.map((member, i) => mapNode(member, `${path}.items[${i}]`, depth + 1))
      : mapNode(node.items, `${path}.items`, depth + 1);
  }
  return out;
}

/**
 * Maps any tool-catalog schema dialect onto JSON Schema ("dict" -> "object", nested), or says why it cannot.
 * Bounded: a value nesting past MAX_JSON_DEPTH is refused before it is walked, and subschemas past MAX_SCHEMA_DEPTH.
 */
export function normalizeSchema(schema: unknown, path = 'schema'): SchemaResult {
  if (nestsDeeperThan(schema, MAX_JSON_DEPTH)) {
    return { ok: false, error: `${path}: nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels` };
  }
  try {
    return { ok: true, schema: mapNode(schema, path, 1) };
  } catch (error) {
    if (error instanceof UnmappableSchema) return { ok: false, error: error.message };
    throw error;
  }
}

/**
 * Normalises the arguments schema of a tool: missing means "no arguments"; the result is always `type: object`.
 */
export function normalizeParameters(schema: unknown): SchemaResult {
  if (schema === undefined || schema === null) return { ok: true, schema: { type: 'object', properties: {} } };
  const result = normalizeSchema(schema, 'parameters');
  if (!result.ok) return result;
  const mapped = result.schema;
  if (mapped.type === undefined && (mapped.properties !== undefined || Object.keys(mapped).length === 0)) {
    return { ok: true, schema: { type: 'object', properties: {}, ...mapped } };
  }
  if (mapped.type !== 'object') {
    return { ok: false, error: `parameters: must be an object schema, got type ${JSON.stringify(mapped.type)}` };
  }
  return { ok: true, schema: mapped.properties === undefined ? { ...mapped, properties: {} } : mapped };
}
