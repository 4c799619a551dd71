// Flattens JSON Schemas into leaf fields: a parameter nested as entities[].name is matched like a top-level one,
// because that is where the data a tool needs actually sits.

import { JsonSchema } from '../tool-graph.types';

/** One leaf of a schema: its dotted path, its own name, its parent's name, base type and description. */
export interface SchemaField {
  path: string;
  name: string;
  parent: string;
  type: string;
  description: string;
  required: boolean;
  isEnum: boolean;
}

const MAX_DEPTH = 6;

/** The first concrete type of a schema; arrays report their item type so string[] meets string. */
export function baseType(schema: JsonSchema): string {
  const t = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  if (t === 'array') {
    const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
    return items ? baseType(items) : 'string';
  }
  if (t) return t;
  if (schema.properties) return 'object';
  if (schema.enum || schema.const !== undefined) return 'string';
  return 'unknown';
}

function alternatives(schema: JsonSchema): JsonSchema[] {
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
}

function containerOf(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema;
  const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
  if (items && (items.properties || alternatives(items).length > 0)) return items;
  return undefined;
}

function walk(schema: JsonSchema, prefix: string, parent: string, required: boolean, depth: number, out: SchemaField[]): void {
  for (const alt of alternatives(schema)) walk(alt, prefix, parent, required, depth + 1, out);
  const props = schema.properties;
  if (!props || depth > MAX_DEPTH) return;
  const req = new Set(schema.required ?? []);
  for (const [name, child] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const childRequired = required && req.has(name);
    const inner = containerOf(child);
    if (inner && depth < MAX_DEPTH) {
      const innerPath = inner === child ? path : `${path}[]`;
      walk(inner, innerPath, name, childRequired, depth + 1, out);
      continue;
    }
    out.push({
      path,
      name,
      parent,
      type: baseType(child),
      description: typeof child.description === 'string' ? child.description : '',
      required: childRequired,
      isEnum: Array.isArray(child.enum) || child.const !== undefined,
    });
  }
}

/** All leaf fields of an object schema, with `required` true only when every level above is required. */
export function flattenFields(schema: JsonSchema | null | undefined): SchemaField[] {
  if (!schema) return [];
  const out: SchemaField[] = [];
  walk(schema, '', '', true, 0, out);
  return out;
}

/** Whether a value of the output type can be passed where the input type is expected. */
export function typesCompatible(output: string, input: string): boolean {
  if (output === input || output === 'unknown' || input === 'unknown') return true;
  const numeric = (t: string): boolean => t === 'number' || t === 'integer';
  if (numeric(output) && numeric(input)) return true;
  // Identifiers travel as strings and numbers interchangeably in practice.
  return (output === 'string' && numeric(input)) || (numeric(output) && input === 'string');
}
